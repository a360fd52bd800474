package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.ScalingQueries;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/** Going below the group's minimum needs the owner's approval. */
@Component
public class CheckMinimumDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ScalingQueries queries;

  public CheckMinimumDelegate(Inventory inventory, ScalingQueries queries) {
    this.inventory = inventory;
    this.queries = queries;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    int count = ((Number) execution.getVariable(Vars.COUNT)).intValue();
    int size = queries.groupSize(c.group().id());
    boolean below = size - count < c.group().minInstances();
    execution.setVariable(Vars.NEEDS_APPROVAL, below);
    execution.setVariable(Vars.APPROVAL_REASONS, below ? "the group would have " + Math.max(0, size - count)
        + " instances, below its minimum of " + c.group().minInstances() : "");
    execution.setVariable(Vars.APPROVER_GROUP, "owners-" + c.application().name());
  }
}
