package org.elasticcloud.delegates.alerts;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.delegates.ProcessNames.Alert;
import org.springframework.stereotype.Component;

/** Records who acknowledged the alert, and when. */
@Component
public class RecordAlertAcknowledgedDelegate implements JavaDelegate {
  private final AlertStore alerts;
  private final Clock clock;

  public RecordAlertAcknowledgedDelegate(AlertStore alerts, Clock clock) {
    this.alerts = alerts;
    this.clock = clock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long alertId = ((Number) execution.getVariable(Alert.VAR_ALERT_ID)).longValue();
    Object by = execution.getVariable(Alert.VAR_ACKNOWLEDGED_BY);
    alerts.markAcknowledged(alertId, by == null ? "unknown" : by.toString(), clock.instant());
  }
}
