package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** The container serves: RUNNING in the inventory. */
@Component
public class MarkContainerReadyDelegate implements JavaDelegate {
  private final Inventory inventory;

  public MarkContainerReadyDelegate(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    Container r = inventory.containers.findOneBy("name", c.containerName(execution))
        .orElseThrow(() -> new IllegalStateException("ECP-SCALE-004 no record of " + c.containerName(execution)));
    inventory.containers.update(new Container(r.id(), r.groupId(), r.hostId(), r.name(), r.ip(), r.mac(),
        r.dataVolume(), r.logVolume(), ContainerState.RUNNING, r.generation()));
  }
}
