package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.ContainerConflictException;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ProvisioningRefusedException;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.springframework.stereotype.Component;

/**
 * Runs the container on the target host with the same IP, MAC, volumes and labels and the next
 * generation ({@link ContainerProvisioner#recreate}), holding one of the target's slots. A refusal
 * (target no longer READY, a conflict, the image gone) fails this migration; the container is then
 * planned again.
 */
@Component
public class RunOnTargetDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ContainerProvisioner provisioner;
  private final ScaleOutSettings settings;
  private final ContainerSlots slots;

  public RunOnTargetDelegate(Inventory inventory, ContainerProvisioner provisioner, ScaleOutSettings settings,
      ContainerSlots slots) {
    this.inventory = inventory;
    this.provisioner = provisioner;
    this.settings = settings;
    this.slots = slots;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ContainerContext c = ContainerContext.of(execution, inventory);
    String target = (String) execution.getVariable(MigrationVars.TARGET_HOST);
    int generation = ((Number) execution.getVariable(MigrationVars.GENERATION)).intValue();
    String app = c.application().name();
    String env = c.environment().name();
    String group = c.group().name();
    try (HostSlots.Slot slot = slots.take(execution, target)) {
      provisioner.recreate(new ContainerProvisioner.Request(target, app, env, group, c.group().id(), c.record().name(),
          generation, c.spec(), (String) execution.getVariable(Vars.IMAGE), settings.configUrl(app, env, group), null));
    } catch (ProvisioningRefusedException | ContainerConflictException | ImageNotFoundException e) {
      execution.setVariable(MigrationVars.MIGRATION_FAILURE, e.getMessage());
      throw new BpmnError(MigrateContainer.ERROR_MIGRATION_FAILED, e.getMessage());
    }
  }
}
