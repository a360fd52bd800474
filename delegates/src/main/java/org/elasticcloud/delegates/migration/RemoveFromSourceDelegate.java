package org.elasticcloud.delegates.migration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.migration.SourceCleanup;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.HostUnreachableException;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes the container off its source host before it runs elsewhere with the same IP and MAC: stops
 * it gracefully and removes it, holding one of the source's slots. A DOWN source is not asked at all
 * (fenced); a FAULTY one is asked, and skipped if it does not answer; a working one must answer
 * (a failure is retried, then an incident) — {@link SourceCleanup}.
 */
@Component
public class RemoveFromSourceDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(RemoveFromSourceDelegate.class);
  private final Inventory inventory;
  private final ContainerRuntime runtime;
  private final ContainerSlots slots;
  private final MigrationSettings settings;

  public RemoveFromSourceDelegate(Inventory inventory, ContainerRuntime runtime, ContainerSlots slots,
      MigrationSettings settings) {
    this.inventory = inventory;
    this.runtime = runtime;
    this.slots = slots;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String name = ContainerContext.containerName(execution);
    Host source = ContainerContext.host(inventory, (String) execution.getVariable(MigrationVars.SOURCE_HOST));
    SourceCleanup cleanup = SourceCleanup.valueOf((String) execution.getVariable(MigrationVars.SOURCE_CLEANUP));
    if (cleanup == SourceCleanup.SKIP) {
      LOG.info("ECP-MIG-020 {} is {}: its copy of {} is left to the fencing", source.name(), source.state(), name);
      return;
    }
    try (HostSlots.Slot slot = slots.take(execution, source.name())) {
      if (runtime.inspect(source.engineEndpoint(), name).map(ContainerRuntime.ContainerStatus::running).orElse(false)) {
        runtime.stop(source.engineEndpoint(), name, settings.stopGrace());
      }
      runtime.remove(source.engineEndpoint(), name);
    } catch (HostUnreachableException e) {
      if (cleanup == SourceCleanup.REQUIRED) {
        throw e;
      }
      LOG.warn("ECP-MIG-021 {} ({}) does not answer: its copy of {} is left to the fencing ({})", source.name(),
          source.state(), name, e.getMessage());
    }
  }
}
