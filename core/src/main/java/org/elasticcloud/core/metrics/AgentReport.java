package org.elasticcloud.core.metrics;

import java.time.Instant;
import java.util.List;

/**
 * What an agent sends, as JSON, to {@code POST /api/metrics/reports} on a platform node: the
 * points of one or more collection rounds of its host (possibly buffered while the platform was
 * away) and the latest result of every hardware check. {@code agent} is the agent's id in the
 * cluster registry (role {@code agent}), {@code host} the host's name in the inventory.
 */
public record AgentReport(String agent, String host, Instant sentAt, List<MetricPoint> points,
    List<HostCondition> conditions) {
}
