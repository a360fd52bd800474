package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/**
 * Removes a container with its volumes and port, and its record: the compensation of the provisioning
 * in scale-out and the removal in scale-in. Works on the host's engine while holding one of its
 * slots (a full host throws {@code Error_HostBusy}).
 */
@Component
public class UndoProvisionDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ContainerProvisioner provisioner;
  private final ContainerSlots slots;

  public UndoProvisionDelegate(Inventory inventory, ContainerProvisioner provisioner, ContainerSlots slots) {
    this.inventory = inventory;
    this.provisioner = provisioner;
    this.slots = slots;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    String name = c.containerName(execution);
    String host = GroupContext.hostName(execution);
    try (HostSlots.Slot slot = slots.take(execution, host)) {
      provisioner.deprovision(host, name);
    }
    inventory.containers.findOneBy("name", name).ifPresent(r -> inventory.containers.delete(r.id()));
  }
}
