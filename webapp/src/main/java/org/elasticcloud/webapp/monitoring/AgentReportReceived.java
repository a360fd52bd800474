package org.elasticcloud.webapp.monitoring;

import java.time.Instant;
import java.util.List;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.metrics.MetricPoint;

/**
 * Published (Spring application event) after an agent's report was accepted: who sent it, for which
 * host, when, the latest result of each hardware check, and the report's liveness points of
 * containers (container-failure detection reads them). Host-health listeners act on the
 * conditions; all the points have already gone to the store.
 */
public record AgentReportReceived(String agent, String host, Instant receivedAt,
    List<HostCondition> conditions, List<MetricPoint> containerLiveness) {

  public AgentReportReceived {
    containerLiveness = containerLiveness == null ? List.of() : List.copyOf(containerLiveness);
  }

  /** A report without container points. */
  public AgentReportReceived(String agent, String host, Instant receivedAt, List<HostCondition> conditions) {
    this(agent, host, receivedAt, conditions, List.of());
  }
}
