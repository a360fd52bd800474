package org.elasticcloud.webapp.monitoring;

import org.springframework.context.event.EventListener;

/**
 * Marks a host FAULTY when its agent's report carries an unhealthy hardware check (edac, smart,
 * kernel, readonly-fs), which takes it out of placement and announces {@link HostFailureDetected}.
 * Runs on the node that accepted the report; the change is a compare-and-set, so reports arriving
 * on several nodes at once mark the host once.
 */
public class HardwareFaultListener {
  private final HostHealthService health;

  public HardwareFaultListener(HostHealthService health) {
    this.health = health;
  }

  @EventListener
  public void onReport(AgentReportReceived report) {
    if (report.host() == null || report.conditions() == null) {
      return;
    }
    health.markFaulty(report.host(), report.conditions());
  }
}
