package org.elasticcloud.delegates.scaling;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.placement.HostChooser;
import org.elasticcloud.core.placement.Placement;
import org.elasticcloud.core.placement.PlacementRequest;
import org.elasticcloud.core.placement.PlacementResult;
import org.elasticcloud.core.scaling.ScaleOutRules;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.ScalingQueries;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/** Chooses a host for every new container, all or none; the plan is {@code ordinal@host} per container. */
@Component
public class PlaceContainersDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ScalingQueries queries;
  private final ScaleOutSettings settings;

  public PlaceContainersDelegate(Inventory inventory, ScalingQueries queries, ScaleOutSettings settings) {
    this.inventory = inventory;
    this.queries = queries;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GroupContext c = GroupContext.of(execution, inventory);
    int count = ((Number) execution.getVariable(Vars.COUNT)).intValue();
    long datacenterId = ((Number) execution.getVariable(Vars.DATACENTER_ID)).longValue();
    PlacementResult result = HostChooser.choose(PlacementRequest.of(c.group().id(), c.spec(), count,
        queries.hostLoads(datacenterId)).withPolicy(settings.spread()));
    execution.setVariable(Vars.PLACEMENT, GroupContext.brief(result.explain()));
    if (!result.complete()) {
      throw new BpmnError(ScaleOut.ERROR_NO_HOST_FITS, result.explain());
    }
    List<Integer> ordinals = ScaleOutRules.freeOrdinals(queries.ordinals(c.group().id()), count);
    List<String> planned = new ArrayList<>();
    List<Placement> placements = result.placements();
    for (int i = 0; i < placements.size(); i++) {
      planned.add(ordinals.get(i) + "@" + placements.get(i).hostName());
    }
    execution.setVariable(Vars.PLANNED_CONTAINERS, planned);
  }
}
