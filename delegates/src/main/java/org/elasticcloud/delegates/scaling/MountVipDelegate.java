package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Adds the container to the group's VIP and enables it (idempotent by member name). */
@Component
public class MountVipDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final NetworkPorts ports;
  private final LoadBalancer loadBalancer;

  public MountVipDelegate(Inventory inventory, NetworkPorts ports, LoadBalancer loadBalancer) {
    this.inventory = inventory;
    this.ports = ports;
    this.loadBalancer = loadBalancer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    String name = c.containerName(execution);
    Registrations.vip(inventory, c.group().id()).ifPresent(vip -> {
      loadBalancer.ensureVip(vip.spec());
      loadBalancer.addMember(vip.spec().name(), name, ports.find(name).orElseThrow().ip(), vip.memberPort());
    });
  }
}
