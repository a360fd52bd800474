package org.elasticcloud.delegates.scaling;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.placement.ScaleInRequest;
import org.elasticcloud.core.placement.ScaleInResult;
import org.elasticcloud.core.placement.Victim;
import org.elasticcloud.core.placement.VictimChooser;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.ScalingQueries;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/**
 * Chooses which containers go so that the spread stays best; below the minimum only when approved.
 * The victims are {@code ordinal@host}, like a scale-out's plan.
 */
@Component
public class ChooseVictimsDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ScalingQueries queries;

  public ChooseVictimsDelegate(Inventory inventory, ScalingQueries queries) {
    this.inventory = inventory;
    this.queries = queries;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    int count = ((Number) execution.getVariable(Vars.COUNT)).intValue();
    long datacenterId = ((Number) execution.getVariable(Vars.DATACENTER_ID)).longValue();
    ScaleInRequest request = ScaleInRequest.of(c.group().id(), count, queries.hostLoads(datacenterId),
        c.group().minInstances());
    if (Boolean.TRUE.equals(execution.getVariable(Vars.APPROVED))) {
      request = request.allowingBelowMinimum();
    }
    ScaleInResult result = VictimChooser.choose(request);
    execution.setVariable(Vars.PLACEMENT, GroupContext.brief(result.explain()));
    List<String> victims = new ArrayList<>();
    for (Victim v : result.victims()) {
      Container container = inventory.containers.find(v.containerId()).orElseThrow();
      victims.add(container.name().substring(container.name().lastIndexOf('-') + 1) + "@" + v.hostName());
    }
    execution.setVariable(Vars.VICTIMS, victims);
  }
}
