package org.elasticcloud.delegates.alerts;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.delegates.ProcessNames.Alert;
import org.springframework.stereotype.Component;

/** Records that the alert resolved, and why; a notification still held by quiet hours is logged as dropped. */
@Component
public class RecordAlertResolvedDelegate implements JavaDelegate {
  private final AlertStore alerts;
  private final AlertNotifications notifications;
  private final Clock clock;

  public RecordAlertResolvedDelegate(AlertStore alerts, AlertNotifications notifications, Clock clock) {
    this.alerts = alerts;
    this.notifications = notifications;
    this.clock = clock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long alertId = ((Number) execution.getVariable(Alert.VAR_ALERT_ID)).longValue();
    Object why = execution.getVariable(Alert.VAR_RESOLUTION);
    notifications.resolved(alertId);
    alerts.markResolved(alertId, why == null ? "resolved" : why.toString(), clock.instant());
  }
}
