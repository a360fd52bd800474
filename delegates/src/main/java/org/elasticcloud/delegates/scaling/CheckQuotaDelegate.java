package org.elasticcloud.delegates.scaling;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Quota;
import org.elasticcloud.core.scaling.ScaleOutRules;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.ScalingQueries;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/** Decides whether the scale-out needs the owner's approval (above the group's maximum or the quota). */
@Component
public class CheckQuotaDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ScalingQueries queries;

  public CheckQuotaDelegate(Inventory inventory, ScalingQueries queries) {
    this.inventory = inventory;
    this.queries = queries;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    int count = ((Number) execution.getVariable(Vars.COUNT)).intValue();
    Quota quota = inventory.quotas.findOneBy("applicationId", c.application().id()).orElse(null);
    List<String> reasons = ScaleOutRules.approvalReasons(c.group(), queries.groupSize(c.group().id()), quota,
        queries.applicationSize(c.application().id()), count);
    execution.setVariable(Vars.NEEDS_APPROVAL, !reasons.isEmpty());
    execution.setVariable(Vars.APPROVAL_REASONS, String.join("; ", reasons));
    execution.setVariable(Vars.APPROVER_GROUP, "owners-" + c.application().name());
  }
}
