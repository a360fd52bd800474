package org.elasticcloud.core.migration;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.elasticcloud.core.placement.HostLoad;
import org.elasticcloud.core.placement.SpreadPolicy;

/**
 * Where should the containers of a failed or draining host go?
 *
 * @param sourceHostId the host being emptied: never a target, whatever its state
 * @param evacuees     the containers to move (each once); they may be listed among the source
 *                     host's containers in {@code hosts} or not, the planner removes them there
 * @param hosts        the datacenter's hosts with what occupies them now (the source among them or not)
 * @param policy       the spread limits, the same as for scale-out
 */
public record MigrationRequest(long sourceHostId, List<Evacuee> evacuees, List<HostLoad> hosts, SpreadPolicy policy) {
  public MigrationRequest {
    evacuees = List.copyOf(Objects.requireNonNull(evacuees, "evacuees"));
    hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    Objects.requireNonNull(policy, "policy");
    Set<Long> seen = new HashSet<>();
    for (Evacuee e : evacuees) {
      if (!seen.add(e.containerId())) {
        throw new IllegalArgumentException("container " + e.containerId() + " is listed twice");
      }
    }
  }
}
