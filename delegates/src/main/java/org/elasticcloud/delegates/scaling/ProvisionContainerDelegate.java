package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.AddressInUseException;
import org.elasticcloud.core.port.AddressPoolExhaustedException;
import org.elasticcloud.core.port.ContainerConflictException;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ProvisioningRefusedException;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/**
 * Records the container, then makes it through the ports (address, volumes, container). The
 * record comes first so the container can read its configuration as soon as it starts; a refusal
 * ends this container's branch as failed (the provisioner left nothing behind).
 */
@Component
public class ProvisionContainerDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final NetworkPorts ports;
  private final ContainerProvisioner provisioner;
  private final ScaleOutSettings settings;

  public ProvisionContainerDelegate(Inventory inventory, NetworkPorts ports, ContainerProvisioner provisioner,
      ScaleOutSettings settings) {
    this.inventory = inventory;
    this.ports = ports;
    this.provisioner = provisioner;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ScaleOutContext c = ScaleOutContext.of(execution, inventory);
    String name = c.containerName(execution);
    String hostName = ScaleOutContext.hostName(execution);
    Host host = inventory.hosts.findOneBy("name", hostName)
        .orElseThrow(() -> new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, "host " + hostName + " vanished"));
    try {
      NetworkPorts.PortLease lease = ports.allocate(name, hostName);
      if (inventory.containers.findOneBy("name", name).isEmpty()) {
        inventory.containers.insert(new Container(null, c.group().id(), host.id(), name, lease.ip(), lease.mac(),
            ContainerBlueprint.dataVolume(name), ContainerBlueprint.logVolume(name), ContainerState.CREATING, 0));
      }
      provisioner.provision(new ContainerProvisioner.Request(hostName, c.application().name(), c.environment().name(),
          c.group().name(), c.group().id(), name, 0, c.spec(), (String) execution.getVariable(Vars.IMAGE),
          settings.configUrl(c.application().name(), c.environment().name(), c.group().name()), null));
    } catch (ProvisioningRefusedException | AddressInUseException | AddressPoolExhaustedException
        | ImageNotFoundException | ContainerConflictException | VolumeInUseException | IllegalArgumentException e) {
      ports.release(name);
      inventory.containers.findOneBy("name", name).ifPresent(r -> inventory.containers.delete(r.id()));
      execution.setVariable(Vars.FAILURE, e.getMessage());
      throw new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, e.getMessage());
    }
  }
}
