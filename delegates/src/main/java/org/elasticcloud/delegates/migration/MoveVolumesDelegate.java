package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ProvisioningRefusedException;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.springframework.stereotype.Component;

/**
 * Detaches the container's data and log volumes from whichever host holds them and attaches them on
 * the target. A volume still in use on a host that answers is a technical failure (retried): the old
 * copy must be gone first.
 */
@Component
public class MoveVolumesDelegate implements JavaDelegate {
  private final ContainerProvisioner provisioner;

  public MoveVolumesDelegate(ContainerProvisioner provisioner) {
    this.provisioner = provisioner;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      provisioner.moveVolumes(ContainerContext.containerName(execution),
          (String) execution.getVariable(MigrationVars.TARGET_HOST));
    } catch (ProvisioningRefusedException e) {
      execution.setVariable(MigrationVars.MIGRATION_FAILURE, e.getMessage());
      throw new BpmnError(MigrateContainer.ERROR_MIGRATION_FAILED, e.getMessage());
    }
  }
}
