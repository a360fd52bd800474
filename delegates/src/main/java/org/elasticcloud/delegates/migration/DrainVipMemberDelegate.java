package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.VipNotFoundException;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.scaling.Registrations;
import org.springframework.stereotype.Component;

/**
 * Stops new connections to the container's VIP member before it leaves its host; the member keeps
 * its name and address (the IP does not change), so it is only enabled again once the container
 * serves on its new host.
 */
@Component
public class DrainVipMemberDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final LoadBalancer loadBalancer;

  public DrainVipMemberDelegate(Inventory inventory, LoadBalancer loadBalancer) {
    this.inventory = inventory;
    this.loadBalancer = loadBalancer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ContainerContext c = ContainerContext.of(execution, inventory);
    Registrations.vip(inventory, c.group().id()).ifPresent(vip -> {
      try {
        loadBalancer.drain(vip.spec().name(), c.record().name());
      } catch (VipNotFoundException gone) {
        // no VIP on the load balancer (yet): nothing sends it traffic
      }
    });
  }
}
