package org.elasticcloud.delegates.alerts;

import java.time.Duration;
import org.elasticcloud.core.alerts.NotificationGate;

/**
 * What AlertProcess and its delegates run with ({@code ecloud.alerts.*}): the notification gate's
 * settings. A bean named {@code alertSettings}; the grouping timer reads {@link #getGroupingWindow()}.
 */
public class AlertSettings {
  private final NotificationGate.Settings gate;

  public AlertSettings(NotificationGate.Settings gate) {
    this.gate = gate;
  }

  public NotificationGate.Settings gate() {
    return gate;
  }

  /** The grouping window as an ISO-8601 duration, for the timer ({@code PT0S} is due at once). */
  public String getGroupingWindow() {
    Duration d = gate.groupingWindow();
    return d.toString();
  }
}
