package org.elasticcloud.delegates.migration;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.migration.SourceCleanup;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.HostUnreachableException;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.MigrationStore;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * With the application's lease held, looks again: a container no longer recorded, or recorded on
 * another host than the source (moved meanwhile, or by an earlier run of this migration), needs
 * nothing more. Otherwise it is marked MIGRATING and the migration gets what its steps need: the
 * image (recorded at scale-out, or asked of a source that answers), the next generation, how the
 * source is treated ({@link SourceCleanup}), and the container as the reused scaling steps read it.
 */
@Component
public class PrepareMigrationDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(PrepareMigrationDelegate.class);
  private final Inventory inventory;
  private final MigrationStore store;
  private final ContainerRuntime runtime;

  public PrepareMigrationDelegate(Inventory inventory, MigrationStore store, ContainerRuntime runtime) {
    this.inventory = inventory;
    this.store = store;
    this.runtime = runtime;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String name = ContainerContext.containerName(execution);
    Host source = ContainerContext.host(inventory, (String) execution.getVariable(MigrationVars.SOURCE_HOST));
    Host target = ContainerContext.host(inventory, (String) execution.getVariable(MigrationVars.TARGET_HOST));
    Optional<ContainerContext> found = ContainerContext.find(inventory, name);
    String skip = found.isEmpty() ? "is no longer recorded"
        : target.id().equals(found.get().record().hostId()) ? "is on " + target.name() + " already"
        : !source.id().equals(found.get().record().hostId()) ? "is no longer on " + source.name() : null;
    execution.setVariable(MigrationVars.MIGRATION_NEEDED, skip == null);
    if (skip != null) {
      LOG.info("ECP-MIG-011 container {} {}: nothing to migrate", name, skip);
      return;
    }
    ContainerContext c = found.get();
    SourceCleanup cleanup = SourceCleanup.forHost(source.state());
    String image = store.image(name).or(() -> askSource(cleanup, source, name))
        .orElseThrow(() -> new BpmnError(MigrateContainer.ERROR_MIGRATION_FAILED, "ECP-MIG-010 the image of " + name
            + " is not recorded and its host " + source.name() + " cannot be asked"));
    int generation = c.record().generation() + 1;
    execution.setVariable(Vars.IMAGE, image);
    execution.setVariable(MigrationVars.GENERATION, generation);
    execution.setVariable(MigrationVars.SOURCE_CLEANUP, cleanup.name());
    execution.setVariable(Vars.GROUP_ID, c.group().id());
    execution.setVariable(Vars.PLANNED_CONTAINER, c.planned(target.name()));
    inventory.containers.update(c.with(c.record().hostId(), ContainerState.MIGRATING, c.record().generation()));
    LOG.info("ECP-MIG-012 migrating {} from {} ({}, source {}) to {} as generation {}", name, source.name(),
        source.state(), cleanup, target.name(), generation);
  }

  private Optional<String> askSource(SourceCleanup cleanup, Host source, String name) {
    if (cleanup == SourceCleanup.SKIP) {
      return Optional.empty();
    }
    try {
      Optional<String> image = runtime.inspect(source.engineEndpoint(), name).map(ContainerRuntime.ContainerStatus::image);
      image.ifPresent(i -> store.recordImage(name, i));
      return image;
    } catch (HostUnreachableException e) {
      return Optional.empty();
    }
  }
}
