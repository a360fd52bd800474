package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The last step: the inventory records the container on its new host, RUNNING, with its new generation. */
@Component
public class RecordMigrationDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(RecordMigrationDelegate.class);
  private final Inventory inventory;

  public RecordMigrationDelegate(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ContainerContext c = ContainerContext.of(execution, inventory);
    Host target = ContainerContext.host(inventory, (String) execution.getVariable(MigrationVars.TARGET_HOST));
    int generation = ((Number) execution.getVariable(MigrationVars.GENERATION)).intValue();
    inventory.containers.update(c.with(target.id(), ContainerState.RUNNING, generation));
    LOG.info("ECP-MIG-013 {} runs on {} as generation {} (IP {} kept)", c.record().name(), target.name(), generation,
        c.record().ip());
  }
}
