package org.elasticcloud.delegates.migration;

import java.time.Instant;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.MigrationStore;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.springframework.stereotype.Component;

/**
 * Restarts a failed container where it is, holding one of its host's slots: stopped (gracefully if
 * it still runs) and started again; if its engine lost it, it is run again with its port, volumes
 * and generation. Each restart is recorded once (by operation and attempt) for the RestartPolicy.
 */
@Component
public class RestartInPlaceDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final MigrationStore store;
  private final ContainerRuntime runtime;
  private final ContainerProvisioner provisioner;
  private final ScaleOutSettings scaleOut;
  private final ContainerSlots slots;
  private final MigrationSettings settings;

  public RestartInPlaceDelegate(Inventory inventory, MigrationStore store, ContainerRuntime runtime,
      ContainerProvisioner provisioner, ScaleOutSettings scaleOut, ContainerSlots slots, MigrationSettings settings) {
    this.inventory = inventory;
    this.store = store;
    this.runtime = runtime;
    this.provisioner = provisioner;
    this.scaleOut = scaleOut;
    this.slots = slots;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ContainerContext c = ContainerContext.of(execution, inventory);
    String name = c.record().name();
    Host host = inventory.hosts.find(c.record().hostId()).orElseThrow();
    Object before = execution.getVariable(MigrationVars.RESTART_ATTEMPT);
    int attempt = (before == null ? 0 : ((Number) before).intValue()) + 1;
    try (HostSlots.Slot slot = slots.take(execution, host.name())) {
      Optional<ContainerRuntime.ContainerStatus> now = runtime.inspect(host.engineEndpoint(), name);
      if (now.isPresent()) {
        if (now.get().running()) {
          runtime.stop(host.engineEndpoint(), name, settings.stopGrace());
        }
        runtime.start(host.engineEndpoint(), name);
      } else {
        String image = store.image(name).orElseThrow(() -> new IllegalStateException("ECP-MIG-051 container " + name
            + " is gone from " + host.name() + " and its image is not recorded"));
        String app = c.application().name();
        String env = c.environment().name();
        String group = c.group().name();
        provisioner.recreate(new ContainerProvisioner.Request(host.name(), app, env, group, c.group().id(), name,
            c.record().generation(), c.spec(), image, scaleOut.configUrl(app, env, group), null));
      }
    }
    store.recordRestart(name, execution.getProcessInstanceId() + "#" + attempt, Instant.now());
    execution.setVariable(MigrationVars.RESTART_ATTEMPT, attempt);
  }
}
