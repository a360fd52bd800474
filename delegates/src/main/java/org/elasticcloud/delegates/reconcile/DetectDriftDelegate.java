package org.elasticcloud.delegates.reconcile;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.OperationQueue.Ticket;
import org.elasticcloud.core.reconcile.BusyApplications;
import org.elasticcloud.core.reconcile.Drift;
import org.elasticcloud.core.reconcile.DriftDetector;
import org.elasticcloud.core.reconcile.DriftKind;
import org.elasticcloud.core.reconcile.InventoryView;
import org.elasticcloud.core.reconcile.RealSystems;
import org.elasticcloud.core.reconcile.RealView;
import org.elasticcloud.db.ReconciliationStore;
import org.elasticcloud.delegates.ProcessNames.Reconcile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Detects the drift and stores it as the report of this process instance. The queue is asked
 * before and after reading, and the inventory read again after the real systems: what an
 * operation made while we looked is then recorded (not an orphan) or its application is busy.
 */
@Component
public class DetectDriftDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(DetectDriftDelegate.class);
  private final InventoryViews views;
  private final RealSystems realSystems;
  private final BusyApplications busy;
  private final ReconciliationStore store;
  private final ReconcileSettings settings;

  public DetectDriftDelegate(InventoryViews views, RealSystems realSystems, BusyApplications busy,
      ReconciliationStore store, ReconcileSettings settings) {
    this.views = views;
    this.realSystems = realSystems;
    this.busy = busy;
    this.store = store;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Map<String, List<Ticket>> busyBefore = busy.all();
    RealView real = realSystems.read(views.read());
    InventoryView inventory = views.read();
    Map<String, List<Ticket>> busyNow = BusyApplications.union(busyBefore, busy.all());
    Predicate<String> platformAddress = settings.platformNetwork() == null ? ip -> false : settings.platformNetwork();
    Drift drift = DriftDetector.detect(inventory, real, busyNow, platformAddress);

    String id = execution.getProcessInstanceId();
    Object trigger = execution.getVariable(Reconcile.VAR_TRIGGER);
    boolean repair = settings.repair() && !Boolean.FALSE.equals(execution.getVariable(Reconcile.VAR_REPAIR_REQUESTED));
    store.saveDetected(id, trigger == null ? Reconcile.TRIGGER_TIMER : trigger.toString(), repair, drift);

    Map<DriftKind, Integer> counts = drift.counts();
    execution.setVariable(Reconcile.VAR_REPORT_ID, id);
    execution.setVariable(Reconcile.VAR_REPAIR_ENABLED, repair);
    execution.setVariable(Reconcile.VAR_ORPHANS, counts.get(DriftKind.ORPHAN));
    execution.setVariable(Reconcile.VAR_MISSING, counts.get(DriftKind.MISSING));
    execution.setVariable(Reconcile.VAR_MISMATCHES, counts.get(DriftKind.MISMATCH));
    execution.setVariable(Reconcile.VAR_SKIPPED, counts.get(DriftKind.SKIPPED));
    execution.setVariable(Reconcile.VAR_UNCHECKED, counts.get(DriftKind.UNCHECKED));
    if (drift.clean()) {
      LOG.info("ECP-RECON-001 reconciliation {}: no drift ({} application(s) skipped, {} source(s) unchecked)", id,
          counts.get(DriftKind.SKIPPED), counts.get(DriftKind.UNCHECKED));
    } else {
      LOG.warn("ECP-RECON-001 reconciliation {}: drift {} — GET /api/reconciliations/{}", id, counts, id);
    }
  }
}
