package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.migration.HostTransitions;
import org.elasticcloud.core.migration.HostTransitions.FailureReason;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fences a failed host: from here on nothing is placed on it (only READY hosts take containers). A
 * host that detection marked DOWN or FAULTY keeps that state; any other takes the reason's.
 */
@Component
public class FenceHostDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(FenceHostDelegate.class);
  private final Inventory inventory;

  public FenceHostDelegate(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Host host = ContainerContext.host(inventory, (String) execution.getVariable(Vars.HOST_NAME));
    FailureReason reason = FailureReason.parse((String) execution.getVariable(MigrationVars.REASON));
    HostState fenced = HostTransitions.fenced(host.state(), reason);
    if (fenced != host.state()) {
      inventory.setHostState(host.id(), fenced);
    }
    execution.setVariable(MigrationVars.SOURCE_HOST, host.name());
    LOG.warn("ECP-MIG-030 host {} fenced as {} (was {}, reason {}): {}", host.name(), fenced, host.state(), reason,
        execution.getVariable(MigrationVars.DETAIL));
  }
}
