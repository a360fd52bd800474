package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.AddressInUseException;
import org.elasticcloud.core.port.AddressPoolExhaustedException;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/**
 * Gives the new container its address (a port from the network authority) and its data and log
 * volumes, and records it (CREATING), all by its name: repeating the step finds them. The record
 * comes before the container starts, so the container can read its configuration at once.
 */
@Component
public class AllocateResourcesDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final NetworkPorts ports;
  private final Volumes volumes;

  public AllocateResourcesDelegate(Inventory inventory, NetworkPorts ports, Volumes volumes) {
    this.inventory = inventory;
    this.ports = ports;
    this.volumes = volumes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    String name = c.containerName(execution);
    String hostName = GroupContext.hostName(execution);
    Host host = inventory.hosts.findOneBy("name", hostName)
        .orElseThrow(() -> new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, "host " + hostName + " vanished"));
    NetworkPorts.PortLease lease;
    try {
      lease = ports.allocate(name, hostName);
    } catch (AddressInUseException | AddressPoolExhaustedException e) {
      execution.setVariable(Vars.FAILURE, e.getMessage());
      throw new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, e.getMessage());
    }
    volumes.create(ContainerBlueprint.dataVolume(name), c.spec().diskGb());
    volumes.create(ContainerBlueprint.logVolume(name), 1);
    if (inventory.containers.findOneBy("name", name).isEmpty()) {
      inventory.containers.insert(new Container(null, c.group().id(), host.id(), name, lease.ip(), lease.mac(),
          ContainerBlueprint.dataVolume(name), ContainerBlueprint.logVolume(name), ContainerState.CREATING, 0));
    }
  }
}
