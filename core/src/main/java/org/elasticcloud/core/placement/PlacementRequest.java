package org.elasticcloud.core.placement;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Spec;

/**
 * Where should {@code count} new containers of a group go, among the hosts of one datacenter?
 *
 * <p>{@code hosts} are the datacenter's hosts with what occupies them now. The group's existing
 * containers are found there by {@code groupId}; they count towards the spread limits wherever they
 * are, also on hosts that are not READY or excluded. A container being replaced (the one a fault
 * migration recreates) must not be listed: it is what is being placed.
 *
 * @param groupId         the group the new containers belong to
 * @param spec            what each new container uses; at least 1 core and 1 MB, disk at least 0
 * @param count           how many new containers, 1 to {@link AppGroup#HARD_MAX_INSTANCES}
 * @param hosts           the candidate hosts, each once, in any order
 * @param excludedHostIds hosts the caller rules out (e.g. the failed host in a migration)
 * @param policy          the spread limits
 */
public record PlacementRequest(long groupId, Resources spec, int count, List<HostLoad> hosts,
    Set<Long> excludedHostIds, SpreadPolicy policy) {

  public PlacementRequest {
    Objects.requireNonNull(spec, "spec");
    if (spec.cores() < 1 || spec.memoryMb() < 1 || spec.diskGb() < 0) {
      throw new IllegalArgumentException("spec needs at least 1 core and 1 MB, and no negative disk: " + spec);
    }
    if (count < 1 || count > AppGroup.HARD_MAX_INSTANCES) {
      throw new IllegalArgumentException("count must be between 1 and " + AppGroup.HARD_MAX_INSTANCES + ": " + count);
    }
    hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    Set<Long> seen = new HashSet<>();
    for (HostLoad h : hosts) {
      if (!seen.add(h.hostId())) {
        throw new IllegalArgumentException("host " + h.hostId() + " is listed twice");
      }
    }
    excludedHostIds = Set.copyOf(Objects.requireNonNull(excludedHostIds, "excludedHostIds"));
    Objects.requireNonNull(policy, "policy");
  }

  /** {@code count} containers of {@code spec} for group {@code groupId}, default spread, nothing excluded. */
  public static PlacementRequest of(long groupId, Spec spec, int count, List<HostLoad> hosts) {
    return of(groupId, Resources.of(spec), count, hosts);
  }

  /** {@code count} containers using {@code spec} for group {@code groupId}, default spread, nothing excluded. */
  public static PlacementRequest of(long groupId, Resources spec, int count, List<HostLoad> hosts) {
    return new PlacementRequest(groupId, spec, count, hosts, Set.of(), SpreadPolicy.DEFAULT);
  }

  /** The same request, also ruling out {@code hostIds}. */
  public PlacementRequest excluding(Long... hostIds) {
    Set<Long> all = new HashSet<>(excludedHostIds);
    all.addAll(Arrays.asList(hostIds));
    return new PlacementRequest(groupId, spec, count, hosts, all, policy);
  }

  /** The same request under another spread policy. */
  public PlacementRequest withPolicy(SpreadPolicy newPolicy) {
    return new PlacementRequest(groupId, spec, count, hosts, excludedHostIds, newPolicy);
  }
}
