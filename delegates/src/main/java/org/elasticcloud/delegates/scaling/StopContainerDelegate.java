package org.elasticcloud.delegates.scaling;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/**
 * Stops a drained container gracefully (SIGTERM, then 10 s) while holding one of its host's slots
 * (a full host throws {@code Error_HostBusy}), and records it as stopped.
 */
@Component
public class StopContainerDelegate implements JavaDelegate {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private final Inventory inventory;
  private final ContainerRuntime runtime;
  private final ContainerSlots slots;

  public StopContainerDelegate(Inventory inventory, ContainerRuntime runtime, ContainerSlots slots) {
    this.inventory = inventory;
    this.runtime = runtime;
    this.slots = slots;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    String name = c.containerName(execution);
    Host host = inventory.hosts.findOneBy("name", GroupContext.hostName(execution)).orElseThrow();
    try (HostSlots.Slot slot = slots.take(execution, host.name())) {
      if (runtime.inspect(host.engineEndpoint(), name).map(ContainerRuntime.ContainerStatus::running).orElse(false)) {
        runtime.stop(host.engineEndpoint(), name, GRACE);
      }
    }
    inventory.containers.findOneBy("name", name).ifPresent(r -> inventory.containers.update(new Container(r.id(),
        r.groupId(), r.hostId(), r.name(), r.ip(), r.mac(), r.dataVolume(), r.logVolume(), ContainerState.STOPPED,
        r.generation())));
  }
}
