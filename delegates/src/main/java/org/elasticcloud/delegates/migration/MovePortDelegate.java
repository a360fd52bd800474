package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ProvisioningRefusedException;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.springframework.stereotype.Component;

/** Binds the container's network port to the target host: the same port id, IP and MAC. */
@Component
public class MovePortDelegate implements JavaDelegate {
  private final ContainerProvisioner provisioner;

  public MovePortDelegate(ContainerProvisioner provisioner) {
    this.provisioner = provisioner;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      provisioner.movePort(ContainerContext.containerName(execution), (String) execution.getVariable(MigrationVars.TARGET_HOST));
    } catch (ProvisioningRefusedException e) {
      execution.setVariable(MigrationVars.MIGRATION_FAILURE, e.getMessage());
      throw new BpmnError(MigrateContainer.ERROR_MIGRATION_FAILED, e.getMessage());
    }
  }
}
