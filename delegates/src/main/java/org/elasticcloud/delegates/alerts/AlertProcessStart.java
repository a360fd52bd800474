package org.elasticcloud.delegates.alerts;

import java.util.HashMap;
import java.util.Map;
import org.elasticcloud.core.alerts.AlertPolicy;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.delegates.ProcessNames.Alert;
import org.elasticcloud.delegates.ProcessNames.Vars;

/** The business key and start variables of an AlertProcess, in one place. */
public final class AlertProcessStart {
  private AlertProcessStart() {
  }

  /** {@code alert:<application>:<policy>:<subject>}. */
  public static String businessKey(AlertPolicy policy, String subject) {
    return AlertStore.key(policy.application(), policy.name(), subject);
  }

  /** What an AlertProcess starts with: ids and words, never the policy itself. */
  public static Map<String, Object> variables(AlertPolicy policy, long alertId, String subject) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(Alert.VAR_ALERT_ID, alertId);
    vars.put(Vars.APPLICATION, policy.application());
    vars.put(Alert.VAR_POLICY, policy.name());
    vars.put(Alert.VAR_SUBJECT, subject);
    vars.put(Alert.VAR_SEVERITY, policy.severity());
    vars.put(Alert.VAR_RESPONDER_GROUP, "owners-" + policy.application());
    vars.put(Alert.VAR_ESCALATION_CYCLE, Alert.escalationCycle(policy.escalationAfter()));
    return vars;
  }
}
