package org.elasticcloud.core.metrics;

/**
 * The result of one of an agent's hardware checks: {@code check} is {@code edac} (memory error
 * counters), {@code smart} (disk health), {@code kernel} (kernel error patterns in the log) or
 * {@code readonly-fs} (a file system remounted read-only); {@code healthy} false means a fault,
 * {@code detail} says what was seen (a counter, a device, a log line).
 */
public record HostCondition(String check, boolean healthy, String detail) {
}
