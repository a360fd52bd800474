package org.elasticcloud.webapp.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.elasticcloud.core.alerts.AlertEvaluator;
import org.elasticcloud.core.alerts.AlertEvaluator.Transition;
import org.elasticcloud.core.alerts.AlertPolicy;
import org.elasticcloud.core.alerts.AlertState;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.db.AlertStore.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation round over every enabled policy: reads each policy's series from the
 * {@link MetricsStore}, lets the {@link AlertEvaluator} decide, and applies its decisions. A policy
 * that fails (the store unreachable, say) is logged and tried again next round; the others go on.
 */
public class AlertMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(AlertMonitor.class);

  private final AlertStore store;
  private final Supplier<MetricsStore> metrics;
  private final AlertActions actions;
  private final Clock clock;
  private final Duration interval;
  private volatile boolean warnedNoStore;

  public AlertMonitor(AlertStore store, Supplier<MetricsStore> metrics, AlertActions actions, Clock clock,
      Duration interval) {
    this.store = store;
    this.metrics = metrics;
    this.actions = actions;
    this.clock = clock;
    this.interval = interval;
  }

  /** Evaluates every enabled policy once; returns how many transitions were applied. */
  public int evaluateOnce() {
    MetricsStore ms = metrics.get();
    if (ms == null) {
      if (!warnedNoStore) {
        LOG.warn("ECP-ALERT-040 no MetricsStore on this node: alert policies are not evaluated");
        warnedNoStore = true;
      }
      return 0;
    }
    AlertEvaluator evaluator = new AlertEvaluator(ms, clock, interval);
    int applied = 0;
    for (AlertPolicy policy : store.enabledPolicies()) {
      try {
        Map<String, Alert> open = store.openAlerts(policy.id());
        Map<String, AlertState> states = new LinkedHashMap<>();
        open.forEach((subject, a) -> states.put(subject, a.state()));
        List<Transition> transitions = evaluator.evaluate(policy, states);
        for (Transition t : transitions) {
          actions.apply(policy, t, open.get(t.subject()));
          applied++;
        }
      } catch (RuntimeException e) {
        LOG.warn("ECP-ALERT-041 evaluating policy {} ({} of {}) failed, next round: {}", policy.id(), policy.name(),
            policy.application(), e.toString());
      }
    }
    return applied;
  }
}
