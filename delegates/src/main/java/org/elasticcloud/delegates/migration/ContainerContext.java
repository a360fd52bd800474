package org.elasticcloud.delegates.migration;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;

/** One recorded container with its group, application, environment and spec, found by its name. */
record ContainerContext(Container record, AppGroup group, Application application, Environment environment, Spec spec) {

  static Optional<ContainerContext> find(Inventory inventory, String name) {
    return inventory.containers.findOneBy("name", name).map(c -> {
      AppGroup g = inventory.groups.find(c.groupId()).orElseThrow();
      return new ContainerContext(c, g, inventory.applications.find(g.applicationId()).orElseThrow(),
          inventory.environments.find(g.environmentId()).orElseThrow(), inventory.specs.find(g.specId()).orElseThrow());
    });
  }

  /** The container the process works on ({@code containerName}); a vanished record is a business fault. */
  static ContainerContext of(DelegateExecution execution, Inventory inventory) {
    String name = containerName(execution);
    return find(inventory, name).orElseThrow(() -> new BpmnError(MigrateContainer.ERROR_MIGRATION_FAILED,
        "ECP-MIG-002 container " + name + " vanished from the inventory"));
  }

  static String containerName(DelegateExecution execution) {
    return (String) execution.getVariable(MigrationVars.CONTAINER_NAME);
  }

  static Host host(Inventory inventory, String name) {
    return inventory.hosts.findOneBy("name", name)
        .orElseThrow(() -> new IllegalStateException("ECP-MIG-003 no host named " + name + " in the inventory"));
  }

  /**
   * {@code ordinal@hostName}, the form the scaling delegates that a migration reuses (health, VIP,
   * monitoring, logging) read their container from.
   */
  String planned(String hostName) {
    String name = record.name();
    String tail = name.substring(name.lastIndexOf('-') + 1);
    if (!tail.matches("\\d{1,6}") || !ContainerBlueprint.name(application.name(), environment.name(), group.name(),
        Integer.parseInt(tail)).equals(name)) {
      throw new BpmnError(MigrateContainer.ERROR_MIGRATION_FAILED, "ECP-MIG-004 container " + name
          + " is not named after its group (" + application.name() + "-" + environment.name() + "-" + group.name()
          + "-N): the platform did not make it");
    }
    return tail + "@" + hostName;
  }

  Container with(Long hostId, org.elasticcloud.core.inventory.ContainerState state, int generation) {
    Container r = record;
    return new Container(r.id(), r.groupId(), hostId, r.name(), r.ip(), r.mac(), r.dataVolume(), r.logVolume(), state,
        generation);
  }
}
