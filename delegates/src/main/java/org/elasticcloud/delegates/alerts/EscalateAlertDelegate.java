package org.elasticcloud.delegates.alerts;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.delegates.ProcessNames.Alert;
import org.springframework.stereotype.Component;

/** Tells the escalation recipients that an alert is still not acknowledged (skipped inside quiet hours). */
@Component
public class EscalateAlertDelegate implements JavaDelegate {
  private final AlertNotifications notifications;

  public EscalateAlertDelegate(AlertNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long alertId = ((Number) execution.getVariable(Alert.VAR_ALERT_ID)).longValue();
    notifications.escalate(alertId);
  }
}
