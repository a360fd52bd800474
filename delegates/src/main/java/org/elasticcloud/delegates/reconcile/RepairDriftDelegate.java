package org.elasticcloud.delegates.reconcile;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.reconcile.BusyApplications;
import org.elasticcloud.core.reconcile.DriftItem;
import org.elasticcloud.core.reconcile.Repairer;
import org.elasticcloud.core.reconcile.RepairOutcome;
import org.elasticcloud.db.ReconciliationStore;
import org.elasticcloud.delegates.ProcessNames.Reconcile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Repairs the report's safe items (ADR 0010), each checked again against the inventory read now
 * and the queue asked now; an orphan only once the {@code orphanSightings - 1} reports before this
 * one listed it too. Records each outcome. A retry repeats only idempotent repairs.
 */
@Component
public class RepairDriftDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(RepairDriftDelegate.class);
  private final InventoryViews views;
  private final Repairer repairer;
  private final BusyApplications busy;
  private final ReconciliationStore store;
  private final ReconcileSettings settings;

  public RepairDriftDelegate(InventoryViews views, Repairer repairer, BusyApplications busy, ReconciliationStore store,
      ReconcileSettings settings) {
    this.views = views;
    this.repairer = repairer;
    this.busy = busy;
    this.store = store;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String id = (String) execution.getVariable(Reconcile.VAR_REPORT_ID);
    List<ReconciliationStore.Item> items = store.items(id);
    int earlier = settings.orphanSightings() - 1;
    List<Set<String>> before = store.orphanKeysBefore(id, earlier);
    Predicate<DriftItem> confirmed = i -> before.size() >= earlier && before.stream().allMatch(s -> s.contains(i.key()));

    List<Repairer.Result> results = repairer.repair(items.stream().map(ReconciliationStore.Item::item).toList(),
        views.read(), busy::busy, confirmed);

    int repaired = 0;
    int failed = 0;
    for (int n = 0; n < results.size(); n++) {
      Repairer.Result r = results.get(n);
      store.saveOutcome(id, items.get(n).number(), r.outcome(), r.detail());
      if (r.outcome() == RepairOutcome.REPAIRED) {
        repaired++;
        LOG.info("ECP-RECON-004 repaired {} {} {} ({}): {}", r.item().kind(), r.item().type(), r.item().name(),
            r.item().action(), id);
      } else if (r.outcome() == RepairOutcome.FAILED) {
        failed++;
        LOG.warn("ECP-RECON-005 repair of {} {} {} failed: {}", r.item().kind(), r.item().type(), r.item().name(),
            r.detail());
      }
    }
    store.setState(id, ReconciliationStore.State.REPAIRED);
    execution.setVariable(Reconcile.VAR_REPAIRED, repaired);
    execution.setVariable(Reconcile.VAR_REPAIR_FAILED, failed);
  }
}
