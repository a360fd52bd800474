package org.elasticcloud.webapp.monitoring;

import java.time.Instant;

/**
 * Published (Spring application event) once a host has been declared failed, after the transition
 * and its event are committed: the host's containers must be recreated elsewhere (fault migration).
 * Published once per failure: the {@code epoch} is new for each (a process acting on it can take
 * {@code host + epoch} as its business key, and stop if the host's epoch has moved on).
 *
 * @param host the host's name in the inventory
 * @param reason DOWN (the engine failed every probe for the down-after time and the agent is gone:
 *     the platform gave up every container on the host for dead, and fences the engine if it
 *     returns) or FAULTY (the agent reported a hardware fault: the host lives and its containers
 *     still run, to be moved away)
 * @param epoch the host's failure epoch this declaration started
 * @param detail why, for people (probe results, the failed check and what it saw)
 * @param at when the failure was declared
 */
public record HostFailureDetected(String host, Reason reason, long epoch, String detail, Instant at) {
  /** What kind of failure. */
  public enum Reason { DOWN, FAULTY }
}
