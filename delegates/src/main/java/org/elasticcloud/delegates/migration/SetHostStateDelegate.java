package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sets the host's state to the task's input parameter {@code newHostState} (DRAINING, MAINTENANCE). */
@Component
public class SetHostStateDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(SetHostStateDelegate.class);
  private final Inventory inventory;

  public SetHostStateDelegate(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Host host = ContainerContext.host(inventory, (String) execution.getVariable(Vars.HOST_NAME));
    HostState state = HostState.valueOf((String) execution.getVariable(MigrationVars.NEW_HOST_STATE));
    inventory.setHostState(host.id(), state);
    execution.setVariable(MigrationVars.SOURCE_HOST, host.name());
    LOG.info("ECP-MIG-031 host {} is {} (was {})", host.name(), state, host.state());
  }
}
