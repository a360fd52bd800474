package org.elasticcloud.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Records the host (once, by its name) in state REGISTERING. */
@Component
public class RecordHostDelegate implements JavaDelegate {
  private final Inventory inventory;

  public RecordHostDelegate(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(ProcessNames.Vars.HOST_ID, inventory.recordHostOnce(HostVariables.from(execution)).id());
  }
}
