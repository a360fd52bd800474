package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.ContainerConflictException;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ProvisioningRefusedException;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.MigrationStore;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/**
 * Creates and starts the container with its config-center coordinates, on the address and volumes
 * allocated before (the provisioner finds them by name), holding one of the host's slots (a full
 * host throws {@code Error_HostBusy}: the model waits and comes back). A refusal (missing image, a
 * conflict) ends this container's branch as failed; compensation then gives back its grants, port and
 * volumes. The image is recorded for the container, so that it can be recreated elsewhere when its
 * host fails (fault migration).
 */
@Component
public class StartContainerDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ContainerProvisioner provisioner;
  private final ScaleOutSettings settings;
  private final ContainerSlots slots;
  private final MigrationStore migration;

  public StartContainerDelegate(Inventory inventory, ContainerProvisioner provisioner, ScaleOutSettings settings,
      ContainerSlots slots, MigrationStore migration) {
    this.inventory = inventory;
    this.provisioner = provisioner;
    this.settings = settings;
    this.slots = slots;
    this.migration = migration;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    String name = c.containerName(execution);
    String host = GroupContext.hostName(execution);
    String image = (String) execution.getVariable(Vars.IMAGE);
    // recorded first: a migration must be able to recreate the container when its host is down
    migration.recordImage(name, image);
    try (HostSlots.Slot slot = slots.take(execution, host)) {
      provisioner.provision(new ContainerProvisioner.Request(host, c.application().name(),
          c.environment().name(), c.group().name(), c.group().id(), name, 0, c.spec(),
          image,
          settings.configUrl(c.application().name(), c.environment().name(), c.group().name()), null));
    } catch (ProvisioningRefusedException | ImageNotFoundException | ContainerConflictException | VolumeInUseException
        | IllegalArgumentException e) {
      execution.setVariable(Vars.FAILURE, e.getMessage());
      throw new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, e.getMessage());
    }
  }
}
