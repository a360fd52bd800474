package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.GrantRefusedException;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/** Gives the new container's IP the template's database grants (idempotent by user@ip). */
@Component
public class GrantDatabaseDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final NetworkPorts ports;
  private final DatabaseGrants grants;

  public GrantDatabaseDelegate(Inventory inventory, NetworkPorts ports, DatabaseGrants grants) {
    this.inventory = inventory;
    this.ports = ports;
    this.grants = grants;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    String ip = ports.find(c.containerName(execution)).orElseThrow(() -> new IllegalStateException(
        "ECP-SCALE-002 no port for " + c.containerName(execution))).ip();
    try {
      for (GrantSpec spec : Registrations.grants(inventory, c.group().id())) {
        grants.grant(spec, ip);
      }
    } catch (GrantRefusedException e) {
      execution.setVariable(Vars.FAILURE, e.getMessage());
      throw new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, e.getMessage());
    }
  }
}
