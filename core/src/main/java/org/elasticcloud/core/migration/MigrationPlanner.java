package org.elasticcloud.core.migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elasticcloud.core.placement.HostChooser;
import org.elasticcloud.core.placement.HostLoad;
import org.elasticcloud.core.placement.PlacedContainer;
import org.elasticcloud.core.placement.Placement;
import org.elasticcloud.core.placement.PlacementRequest;
import org.elasticcloud.core.placement.PlacementResult;
import org.elasticcloud.core.placement.Resources;
import org.elasticcloud.core.placement.Shortfall;

/**
 * Plans the migration of a failed or draining host's containers. Plain, deterministic computation:
 * the same request gives the same plan, whatever the order of its hosts and evacuees.
 *
 * <h2>The rules</h2>
 * <ol>
 *   <li>Every container is placed by {@link HostChooser}, the scale-out rules (fit, spread,
 *       explained), so a migrated group keeps the spread a scale-out would have given it.</li>
 *   <li>Never on the source host (it is excluded, whatever its state), never on a host that is not
 *       READY (the chooser's rule).</li>
 *   <li>The evacuees leave the source at once: they are taken off every host's load before placing,
 *       so they count neither against the source's switch nor twice in their group.</li>
 *   <li>Most important applications first: groups are placed in the order of their application's
 *       priority (highest first), then application name, then group id, so when capacity is short
 *       the least important wait. A group's evacuees are placed in one request (the spread limits
 *       are those of the whole group), oldest container (lowest id) first.</li>
 *   <li>What one group takes is taken: the next group sees the hosts with the previous groups'
 *       containers on their new hosts.</li>
 *   <li>Containers that cannot be placed are not an error: they are returned as one list, each with
 *       the binding cause and the chooser's explanation, to wait for capacity.</li>
 * </ol>
 */
public final class MigrationPlanner {
  private MigrationPlanner() {
  }

  /** Most important application first, then by name and group, so ties are stable. */
  static final Comparator<Evacuee> ORDER = Comparator.comparingInt(Evacuee::priority).reversed()
      .thenComparing(Evacuee::application).thenComparingLong(Evacuee::groupId)
      .thenComparingLong(Evacuee::containerId);

  public static MigrationPlan plan(MigrationRequest request) {
    Set<Long> leaving = new HashSet<>();
    request.evacuees().forEach(e -> leaving.add(e.containerId()));
    Map<Long, HostLoad> loads = new LinkedHashMap<>();
    request.hosts().stream().sorted(Comparator.comparingLong(HostLoad::hostId)).forEach(h -> loads.put(h.hostId(),
        new HostLoad(h.host(), h.containers().stream().filter(c -> !leaving.contains(c.containerId())).toList())));

    Map<BatchKey, List<Evacuee>> batches = new LinkedHashMap<>();
    request.evacuees().stream().sorted(ORDER)
        .forEach(e -> batches.computeIfAbsent(new BatchKey(e.groupId(), e.spec()), k -> new ArrayList<>()).add(e));

    List<MigrationPlan.Move> moves = new ArrayList<>();
    List<MigrationPlan.Waiting> waiting = new ArrayList<>();
    for (Map.Entry<BatchKey, List<Evacuee>> batch : batches.entrySet()) {
      List<Evacuee> group = batch.getValue();
      if (loads.isEmpty()) {
        group.forEach(e -> waiting.add(new MigrationPlan.Waiting(e, Shortfall.Cause.NO_ELIGIBLE_HOST,
            "no host is listed in the datacenter")));
        continue;
      }
      PlacementResult result = HostChooser.choose(new PlacementRequest(batch.getKey().groupId(), batch.getKey().spec(),
          group.size(), List.copyOf(loads.values()), Set.of(request.sourceHostId()), request.policy()));
      List<Placement> placements = result.placements();
      for (int i = 0; i < group.size(); i++) {
        Evacuee e = group.get(i);
        if (i < placements.size()) {
          Placement p = placements.get(i);
          moves.add(new MigrationPlan.Move(e, p.hostId(), p.hostName(), e.containerName() + " " + p.explanation()));
          HostLoad target = loads.get(p.hostId());
          List<PlacedContainer> now = new ArrayList<>(target.containers());
          now.add(new PlacedContainer(e.containerId(), e.groupId(), e.spec()));
          loads.put(p.hostId(), new HostLoad(target.host(), now));
        } else {
          waiting.add(new MigrationPlan.Waiting(e, result.shortfall().cause(), result.shortfall().explanation()));
        }
      }
    }
    return new MigrationPlan(moves, waiting);
  }

  private record BatchKey(long groupId, Resources spec) {
  }
}
