package org.elasticcloud.webapp.monitoring;

import java.time.Instant;
import java.util.List;
import org.elasticcloud.core.metrics.HostCondition;

/**
 * Published (Spring application event) after an agent's report was accepted: who sent it, for which
 * host, when, and the latest result of each hardware check. Host-health listeners act on the
 * conditions; the points have already gone to the store.
 */
public record AgentReportReceived(String agent, String host, Instant receivedAt,
    List<HostCondition> conditions) {
}
