package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Compensation of the grants: the container's IP loses them. */
@Component
public class RevokeDatabaseDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final NetworkPorts ports;
  private final DatabaseGrants grants;

  public RevokeDatabaseDelegate(Inventory inventory, NetworkPorts ports, DatabaseGrants grants) {
    this.inventory = inventory;
    this.ports = ports;
    this.grants = grants;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    ports.find(c.containerName(execution)).ifPresent(port -> {
      for (GrantSpec spec : Registrations.grants(inventory, c.group().id())) {
        grants.revoke(spec, port.ip());
      }
    });
  }
}
