package org.elasticcloud.delegates;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.InventoryRules;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Checks the host's data and its switch; a bad host ends the process as rejected. */
@Component
public class ValidateHostDelegate implements JavaDelegate {
  private final Inventory inventory;

  public ValidateHostDelegate(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      InventoryRules.validate(HostVariables.from(execution), inventory);
    } catch (ValidationException e) {
      execution.setVariable(ProcessNames.Vars.REJECTION_REASON, e.getMessage());
      throw new BpmnError(ProcessNames.RegisterHost.ERROR_INVALID_HOST, e.getMessage());
    }
  }
}
