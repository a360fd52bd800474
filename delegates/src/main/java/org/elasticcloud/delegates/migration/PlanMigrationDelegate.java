package org.elasticcloud.delegates.migration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Plans one round of a host's evacuation: every container still recorded on the host is placed by
 * {@link MigrationPlanner} on the datacenter's hosts as they are now. A container already tried
 * since the last full re-plan and still there (its migration failed) is not tried again at once: it
 * waits with the others, and the next full re-plan (the waiting task's timer or an operator) tries it
 * again. The round's moves ({@code container@host}) go to the multi-instance migration; the waiting
 * containers, one line each with the reason, to the waiting task.
 */
@Component
public class PlanMigrationDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(PlanMigrationDelegate.class);
  private final Inventory inventory;
  private final MigrationStore store;
  private final ScalingQueries queries;
  private final ScaleOutSettings settings;

  public PlanMigrationDelegate(Inventory inventory, MigrationStore store, ScalingQueries queries,
      ScaleOutSettings settings) {
    this.inventory = inventory;
    this.store = store;
    this.queries = queries;
    this.settings = settings;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void execute(DelegateExecution execution) {
    Host source = ContainerContext.host(inventory, (String) execution.getVariable(MigrationVars.SOURCE_HOST));
    boolean replanAll = Boolean.TRUE.equals(execution.getVariable(MigrationVars.REPLAN_ALL));
    Object before = execution.getVariable(MigrationVars.ATTEMPTED);
    Set<String> attempted = new LinkedHashSet<>(replanAll || before == null ? List.of() : (List<String>) before);
    boolean relax = Boolean.TRUE.equals(execution.getVariable(MigrationVars.RELAX_SPREAD));

    List<Evacuee> left = store.evacuees(source.id());
    List<Evacuee> toPlan = left.stream().filter(e -> !attempted.contains(e.containerName())).toList();
    List<String> failed = left.stream().filter(e -> attempted.contains(e.containerName()))
        .map(e -> e.containerName() + " (" + e.application() + ", priority " + e.priority() + "): its migration did not "
            + "complete (" + inventory.containers.find(e.containerId()).map(c -> c.state().name()).orElse("gone")
            + "; see its MigrateContainerProcess)").toList();
    long datacenter = store.datacenterOf(source.id()).orElseThrow();
    MigrationPlan plan = MigrationPlanner.plan(new MigrationRequest(source.id(), toPlan, queries.hostLoads(datacenter),
        relax ? SpreadPolicy.UNLIMITED : settings.spread()));

    List<String> moves = new ArrayList<>();
    for (MigrationPlan.Move m : plan.moves()) {
      moves.add(m.evacuee().containerName() + "@" + m.targetHostName());
      attempted.add(m.evacuee().containerName());
    }
    List<String> waiting = new ArrayList<>(plan.waiting().stream().map(MigrationPlan.Waiting::line).toList());
    waiting.addAll(failed);
    execution.setVariable(MigrationVars.MOVES, moves);
    execution.setVariable(MigrationVars.ATTEMPTED, new ArrayList<>(attempted));
    execution.setVariable(MigrationVars.REPLAN_ALL, false);
    execution.setVariable(MigrationVars.WAITING_COUNT, waiting.size());
    execution.setVariable(MigrationVars.WAITING_CONTAINERS, brief(String.join("\n", waiting)));
    LOG.info("ECP-MIG-040 evacuating {}: {} left, {} to move now, {} waiting{}", source.name(), left.size(),
        moves.size(), waiting.size(), relax ? " (spread relaxed by an operator)" : "");
    if (!waiting.isEmpty()) {
      LOG.warn("ECP-MIG-041 {} container(s) of {} wait for capacity:\n{}", waiting.size(), source.name(),
          String.join("\n", waiting));
    }
  }

  /** Camunda keeps string variables up to 4,000 characters: a long list is cut, marked so. */
  static String brief(String text) {
    int max = 3_900;
    return text.length() <= max ? text : text.substring(0, max) + "… (" + (text.length() - max) + " more characters)";
  }
}
