package org.elasticcloud.core.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.elasticcloud.core.inventory.AppGroup;

/**
 * Which {@code count} containers of a group should go, among its containers on the hosts of one
 * datacenter? The group's containers are found on {@code hosts} by {@code groupId}; containers of
 * other groups are only context and are never chosen.
 *
 * @param count             how many to remove, 1 to {@link AppGroup#HARD_MAX_INSTANCES}
 * @param hosts             the hosts with what occupies them, each once, in any order
 * @param minInstances      the group's minimum; the choice never goes below it…
 * @param allowBelowMinimum …unless this is true (an operator's explicit decision)
 */
public record ScaleInRequest(long groupId, int count, List<HostLoad> hosts, int minInstances,
    boolean allowBelowMinimum) {

  public ScaleInRequest {
    if (count < 1 || count > AppGroup.HARD_MAX_INSTANCES) {
      throw new IllegalArgumentException("count must be between 1 and " + AppGroup.HARD_MAX_INSTANCES + ": " + count);
    }
    if (minInstances < 0) {
      throw new IllegalArgumentException("minInstances must not be negative: " + minInstances);
    }
    hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    Set<Long> hostIds = new HashSet<>();
    Set<Long> containerIds = new HashSet<>();
    for (HostLoad h : hosts) {
      if (!hostIds.add(h.hostId())) {
        throw new IllegalArgumentException("host " + h.hostId() + " is listed twice");
      }
      for (PlacedContainer c : h.containers()) {
        if (!containerIds.add(c.containerId())) {
          throw new IllegalArgumentException("container " + c.containerId() + " is listed twice");
        }
      }
    }
  }

  /** Remove {@code count} of group {@code groupId}, never going below {@code minInstances}. */
  public static ScaleInRequest of(long groupId, int count, List<HostLoad> hosts, int minInstances) {
    return new ScaleInRequest(groupId, count, hosts, minInstances, false);
  }

  /** The same request, allowed to go below the minimum. */
  public ScaleInRequest allowingBelowMinimum() {
    return new ScaleInRequest(groupId, count, hosts, minInstances, true);
  }
}
