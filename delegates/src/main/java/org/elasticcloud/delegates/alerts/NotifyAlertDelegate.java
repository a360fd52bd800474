package org.elasticcloud.delegates.alerts;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.delegates.ProcessNames.Alert;
import org.springframework.stereotype.Component;

/** Notifies a firing alert (with the other unnotified alerts of its application); {@code heldUntil} when quiet hours hold it. */
@Component
public class NotifyAlertDelegate implements JavaDelegate {
  private final AlertNotifications notifications;

  public NotifyAlertDelegate(AlertNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long alertId = ((Number) execution.getVariable(Alert.VAR_ALERT_ID)).longValue();
    execution.setVariable(Alert.VAR_HELD_UNTIL, notifications.notifyFiring(alertId).map(Object::toString).orElse(null));
  }
}
