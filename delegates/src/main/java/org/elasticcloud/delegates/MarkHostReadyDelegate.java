package org.elasticcloud.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Opens the host for placement. */
@Component
public class MarkHostReadyDelegate implements JavaDelegate {
  private final Inventory inventory;

  public MarkHostReadyDelegate(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long hostId = ((Number) execution.getVariable(ProcessNames.Vars.HOST_ID)).longValue();
    if (!inventory.setHostState(hostId, HostState.READY)) {
      throw new IllegalStateException("ECP-HOST-003 host " + hostId + " vanished from the inventory");
    }
  }
}
