package org.elasticcloud.webapp.monitoring;

import java.time.Clock;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.elasticcloud.core.alerts.AlertEvaluator.Transition;
import org.elasticcloud.core.alerts.AlertPolicy;
import org.elasticcloud.core.alerts.AlertState;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.db.AlertStore.Alert;
import org.elasticcloud.delegates.ProcessNames;
import org.elasticcloud.delegates.alerts.AlertProcessStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the evaluator's decisions do: record a pending alert, fire one (record it and start its
 * AlertProcess, in one transaction), forget a pending one, resolve an open one (send its process
 * {@code AlertResolved}). Also used when a policy is disabled or deleted.
 */
public class AlertActions {
  private static final Logger LOG = LoggerFactory.getLogger(AlertActions.class);

  private final AlertStore store;
  private final RuntimeService runtime;
  private final TransactionTemplate tx;
  private final Clock clock;

  public AlertActions(AlertStore store, RuntimeService runtime, TransactionTemplate tx, Clock clock) {
    this.store = store;
    this.runtime = runtime;
    this.tx = tx;
    this.clock = clock;
  }

  /** Applies one transition of a policy's alert ({@code current}: the key's open alert, if any). */
  public void apply(AlertPolicy policy, Transition t, Alert current) {
    String summary = policy.condition() + ": " + t.value();
    switch (t.kind()) {
      case PENDING -> store.recordPending(policy, t.subject(), summary, t.value(), clock.instant());
      case FIRE -> fire(policy, t.subject(), summary, t.value());
      case CANCEL -> {
        if (current != null) {
          store.cancelPending(current.id());
        }
      }
      case RESOLVE -> {
        if (current != null) {
          resolve(current, t.reason());
        }
      }
      default -> throw new IllegalStateException("unknown transition " + t.kind());
    }
  }

  private void fire(AlertPolicy policy, String subject, String summary, Double value) {
    tx.executeWithoutResult(status -> {
      long id = store.recordFiring(policy, subject, summary, value, clock.instant());
      ProcessInstance pi = runtime.startProcessInstanceByKey(ProcessNames.Alert.PROCESS_ID,
          AlertProcessStart.businessKey(policy, subject), AlertProcessStart.variables(policy, id, subject));
      store.setProcessInstance(id, pi.getId());
      LOG.info("ECP-ALERT-001 alert {} fired: {} {} on {} ({}), process {}", id, policy.application(), policy.name(),
          subject, summary, pi.getId());
    });
  }

  /**
   * Ends an alert: a pending one is forgotten; an open one's process gets {@code AlertResolved}
   * (it records the resolution); one whose process is gone (cancelled in Cockpit) is marked resolved here.
   */
  public void resolve(Alert alert, String why) {
    if (alert.state() == AlertState.PENDING) {
      store.cancelPending(alert.id());
      return;
    }
    if (!alert.state().open()) {
      return;
    }
    if (alert.processInstanceId() != null) {
      try {
        runtime.createMessageCorrelation(ProcessNames.Alert.MESSAGE_RESOLVED)
            .processInstanceId(alert.processInstanceId())
            .setVariable(ProcessNames.Alert.VAR_RESOLUTION, why)
            .correlateWithResult();
        LOG.info("ECP-ALERT-002 alert {} resolved: {}", alert.id(), why);
        return;
      } catch (MismatchingMessageCorrelationException e) {
        if (runtime.createProcessInstanceQuery().processInstanceId(alert.processInstanceId()).count() > 0) {
          throw e;
        }
      }
    }
    LOG.warn("ECP-ALERT-003 alert {} has no running process; marked resolved: {}", alert.id(), why);
    store.markResolved(alert.id(), why + " (no running process)", clock.instant());
  }
}
