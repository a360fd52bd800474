package org.elasticcloud.delegates.migration;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.migration.Evacuee;
import org.elasticcloud.core.migration.MigrationPlan;
import org.elasticcloud.core.migration.MigrationPlanner;
import org.elasticcloud.core.migration.MigrationRequest;
import org.elasticcloud.core.placement.SpreadPolicy;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.MigrationStore;
import org.elasticcloud.db.ScalingQueries;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.springframework.stereotype.Component;

/**
 * Chooses another host for one failed container ({@link MigrationPlanner}, its host excluded): sets
 * {@code targetHost} and {@code placed}, or, when no host can take it, the reason in
 * {@code waitingContainers}.
 */
@Component
public class PlaceContainerDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final MigrationStore store;
  private final ScalingQueries queries;
  private final ScaleOutSettings settings;

  public PlaceContainerDelegate(Inventory inventory, MigrationStore store, ScalingQueries queries,
      ScaleOutSettings settings) {
    this.inventory = inventory;
    this.store = store;
    this.queries = queries;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ContainerContext c = ContainerContext.of(execution, inventory);
    Host source = inventory.hosts.find(c.record().hostId()).orElseThrow();
    List<Evacuee> me = store.evacuees(source.id()).stream()
        .filter(e -> e.containerName().equals(c.record().name())).toList();
    boolean relax = Boolean.TRUE.equals(execution.getVariable(MigrationVars.RELAX_SPREAD));
    MigrationPlan plan = MigrationPlanner.plan(new MigrationRequest(source.id(), me,
        queries.hostLoads(store.datacenterOf(source.id()).orElseThrow()), relax ? SpreadPolicy.UNLIMITED : settings.spread()));
    boolean placed = !plan.moves().isEmpty();
    execution.setVariable(MigrationVars.SOURCE_HOST, source.name());
    execution.setVariable(MigrationVars.PLACED, placed);
    execution.setVariable(MigrationVars.TARGET_HOST, placed ? plan.moves().get(0).targetHostName() : null);
    execution.setVariable(MigrationVars.WAITING_COUNT, plan.waiting().size());
    execution.setVariable(MigrationVars.WAITING_CONTAINERS, PlanMigrationDelegate.brief(plan.waitingText()));
  }
}
