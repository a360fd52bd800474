package org.elasticcloud.delegates.migration;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/**
 * Reads which application the container belongs to (the key of the lease the migration takes) and,
 * when the caller did not say, its host now, and names the migration's place in the application's
 * queue: its own, or the one it shares with the other migrations of its evacuation (variable
 * {@code leaseOwner}). Reads only; a container no longer recorded has nothing to migrate.
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
      nameLease(execution, found.application().name());
      if (execution.getVariable(MigrationVars.SOURCE_HOST) == null && found.record().hostId() != null) {
        execution.setVariable(MigrationVars.SOURCE_HOST,
            inventory.hosts.find(found.record().hostId()).map(h -> h.name()).orElse(null));
      }
    });
  }

  /**
   * Sets {@code leaseOperationId} and {@code leaseDescription} for the lease a migration of
   * {@code application} takes: shared per application with the evacuation that started it, if any.
   */
  public static void nameLease(DelegateExecution execution, String application) {
    String owner = (String) execution.getVariable(Vars.LEASE_OWNER);
    String container = (String) execution.getVariable(MigrationVars.CONTAINER_NAME);
    if (owner == null) {
      execution.setVariable(Vars.LEASE_OPERATION_ID, execution.getProcessInstanceId());
      execution.setVariable(Vars.LEASE_DESCRIPTION, "migration of " + container + " from "
          + execution.getVariable(MigrationVars.SOURCE_HOST) + " to " + execution.getVariable(MigrationVars.TARGET_HOST)
          + " (" + execution.getProcessBusinessKey() + ")");
    } else {
      execution.setVariable(Vars.LEASE_OPERATION_ID, OperationQueue.sharedOperationId(owner, application));
      execution.setVariable(Vars.LEASE_DESCRIPTION, "migrations of " + application + " off "
          + execution.getVariable(MigrationVars.SOURCE_HOST) + " (evacuation " + owner + ")");
    }
  }
}
