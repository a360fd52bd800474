package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Compensation of the VIP membership: drained and removed. */
@Component
public class UnmountVipDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final LoadBalancer loadBalancer;

  public UnmountVipDelegate(Inventory inventory, LoadBalancer loadBalancer) {
    this.inventory = inventory;
    this.loadBalancer = loadBalancer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    Registrations.vip(inventory, c.group().id())
        .ifPresent(vip -> loadBalancer.removeMember(vip.spec().name(), c.containerName(execution)));
  }
}
