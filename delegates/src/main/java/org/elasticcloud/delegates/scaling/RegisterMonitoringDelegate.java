package org.elasticcloud.delegates.scaling;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Registers the container for monitoring with the template's metrics (none registered: nothing to do). */
@Component
public class RegisterMonitoringDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final NetworkPorts ports;
  private final ObservationRegistry observation;

  public RegisterMonitoringDelegate(Inventory inventory, NetworkPorts ports, ObservationRegistry observation) {
    this.inventory = inventory;
    this.ports = ports;
    this.observation = observation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    List<String> metrics = Registrations.metrics(inventory, c.group().id());
    if (!metrics.isEmpty()) {
      String name = c.containerName(execution);
      observation.monitor(new ObservationRegistry.Monitoring(name, GroupContext.hostName(execution),
          ports.find(name).orElseThrow().ip(), metrics));
    }
  }
}
