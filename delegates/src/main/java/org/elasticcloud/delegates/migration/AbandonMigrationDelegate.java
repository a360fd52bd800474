package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A migration failed for good: the copy this migration made on the target (its generation, and
 * only that) is removed, so its IP and MAC are free for the next attempt, and the record stays on
 * the source, FAILED, for the caller to plan again. The port and volumes stay where they are; the
 * next attempt moves them on.
 */
@Component
public class AbandonMigrationDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(AbandonMigrationDelegate.class);
  private final Inventory inventory;
  private final ContainerRuntime runtime;
  private final ContainerSlots slots;

  public AbandonMigrationDelegate(Inventory inventory, ContainerRuntime runtime, ContainerSlots slots) {
    this.inventory = inventory;
    this.runtime = runtime;
    this.slots = slots;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String name = ContainerContext.containerName(execution);
    Object generation = execution.getVariable(MigrationVars.GENERATION);
    Host target = ContainerContext.host(inventory, (String) execution.getVariable(MigrationVars.TARGET_HOST));
    if (generation != null) {
      int mine = ((Number) generation).intValue();
      try (HostSlots.Slot slot = slots.take(execution, target.name())) {
        boolean ours = runtime.inspect(target.engineEndpoint(), name)
            .map(s -> ContainerProvisioner.generationOf(s) == mine).orElse(false);
        if (ours) {
          runtime.remove(target.engineEndpoint(), name);
        }
      }
    }
    ContainerContext.find(inventory, name).filter(c -> !target.id().equals(c.record().hostId()))
        .ifPresent(c -> inventory.containers.update(c.with(c.record().hostId(), ContainerState.FAILED,
            c.record().generation())));
    Object why = execution.getVariable(MigrationVars.MIGRATION_FAILURE);
    LOG.warn("ECP-MIG-014 migration of {} to {} failed: {}", name, target.name(),
        why != null ? why : execution.getVariable(org.elasticcloud.delegates.ProcessNames.Vars.FAILURE));
  }
}
