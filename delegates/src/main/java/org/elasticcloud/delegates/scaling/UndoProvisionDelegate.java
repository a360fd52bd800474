package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Compensation of the provisioning: the container, its volumes and port go, and so does its record. */
@Component
public class UndoProvisionDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ContainerProvisioner provisioner;

  public UndoProvisionDelegate(Inventory inventory, ContainerProvisioner provisioner) {
    this.inventory = inventory;
    this.provisioner = provisioner;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    String name = c.containerName(execution);
    provisioner.deprovision(GroupContext.hostName(execution), name);
    inventory.containers.findOneBy("name", name).ifPresent(r -> inventory.containers.delete(r.id()));
  }
}
