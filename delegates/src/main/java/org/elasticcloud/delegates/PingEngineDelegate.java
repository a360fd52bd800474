package org.elasticcloud.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/**
 * Asks the host's engine for {@code _ping}, version and info. An engine that does not answer
 * throws: the job retries, then becomes an incident.
 */
@Component
public class PingEngineDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ContainerRuntime runtime;

  public PingEngineDelegate(Inventory inventory, ContainerRuntime runtime) {
    this.inventory = inventory;
    this.runtime = runtime;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long hostId = ((Number) execution.getVariable(ProcessNames.Vars.HOST_ID)).longValue();
    Host host = inventory.hosts.find(hostId)
        .orElseThrow(() -> new IllegalStateException("ECP-HOST-002 host " + hostId + " vanished from the inventory"));
    ContainerRuntime.EngineInfo info = runtime.ping(host.engineEndpoint());
    execution.setVariable(ProcessNames.Vars.ENGINE_VERSION, info.version());
    execution.setVariable(ProcessNames.Vars.ENGINE_CPUS, info.cpus());
  }
}
