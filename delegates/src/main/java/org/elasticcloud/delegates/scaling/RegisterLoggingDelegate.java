package org.elasticcloud.delegates.scaling;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Registers the container's log files for collection as the template's (none registered: nothing to do). */
@Component
public class RegisterLoggingDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ObservationRegistry observation;

  public RegisterLoggingDelegate(Inventory inventory, ObservationRegistry observation) {
    this.inventory = inventory;
    this.observation = observation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    List<String> paths = Registrations.logPaths(inventory, c.group().id());
    if (!paths.isEmpty()) {
      observation.collectLogs(new ObservationRegistry.LogCollection(c.containerName(execution),
          GroupContext.hostName(execution), paths, Registrations.logRetentionDays(inventory, c.group().id())));
    }
  }
}
