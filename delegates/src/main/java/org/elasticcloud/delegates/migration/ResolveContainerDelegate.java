package org.elasticcloud.delegates.migration;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/**
 * Reads which application the container belongs to (the key of the lease the migration takes) and,
 * when the caller did not say, its host now. Reads only; a container no longer recorded has nothing
 * to migrate.
 */
@Component
public class ResolveContainerDelegate implements JavaDelegate {
  private final Inventory inventory;

  public ResolveContainerDelegate(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Optional<ContainerContext> c = ContainerContext.find(inventory, ContainerContext.containerName(execution));
    execution.setVariable(MigrationVars.CONTAINER_KNOWN, c.isPresent());
    c.ifPresent(found -> {
      execution.setVariable(Vars.APPLICATION, found.application().name());
      if (execution.getVariable(MigrationVars.SOURCE_HOST) == null && found.record().hostId() != null) {
        execution.setVariable(MigrationVars.SOURCE_HOST,
            inventory.hosts.find(found.record().hostId()).map(h -> h.name()).orElse(null));
      }
    });
  }
}
