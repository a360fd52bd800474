package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.Vars;

/**
 * What the scaling delegates (scale-out and scale-in) read: the group with its application, environment and spec, and,
 * inside a container's sub-process, which container it is ({@code ordinal@host}).
 */
record GroupContext(AppGroup group, Application application, Environment environment, Spec spec) {

  static GroupContext of(DelegateExecution execution, Inventory inventory) {
    long groupId = ((Number) execution.getVariable(Vars.GROUP_ID)).longValue();
    AppGroup g = inventory.groups.find(groupId)
        .orElseThrow(() -> new IllegalStateException("ECP-SCALE-001 group " + groupId + " vanished from the inventory"));
    return new GroupContext(g, inventory.applications.find(g.applicationId()).orElseThrow(),
        inventory.environments.find(g.environmentId()).orElseThrow(), inventory.specs.find(g.specId()).orElseThrow());
  }

  static int ordinal(DelegateExecution execution) {
    String planned = (String) execution.getVariable(Vars.PLANNED_CONTAINER);
    return Integer.parseInt(planned.substring(0, planned.indexOf('@')));
  }

  static String hostName(DelegateExecution execution) {
    String planned = (String) execution.getVariable(Vars.PLANNED_CONTAINER);
    return planned.substring(planned.indexOf('@') + 1);
  }

  /** Camunda keeps string variables up to 4,000 characters: a long explanation is cut, marked so. */
  static String brief(String text) {
    int max = 3_900;
    return text == null || text.length() <= max ? text
        : text.substring(0, max) + "… (" + (text.length() - max) + " more characters)";
  }

  String containerName(DelegateExecution execution) {
    return ContainerBlueprint.name(application.name(), environment.name(), group.name(), ordinal(execution));
  }
}
