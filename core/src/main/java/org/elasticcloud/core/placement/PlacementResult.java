package org.elasticcloud.core.placement;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The answer to a {@link PlacementRequest}: where each placed container goes and why, what became
 * of every listed host and why, and — when fewer than requested could be placed — how many are
 * missing and why. "No host fits" is such an answer (nothing placed, a {@link Shortfall}), not an
 * exception; {@link #requireAll()} turns it into a {@link NoHostFitsException} for callers that
 * need all or nothing.
 *
 * @param groupSizeBefore the group's containers on the listed hosts before placing
 * @param hostLimit       the most of the group one host may hold, for the group's size after
 * @param switchLimit     the most of the group one switch may hold, for the group's size after
 * @param placements      one per placed container, in the order they were placed
 * @param decisions       one per listed host, by host id
 */
public record PlacementResult(long groupId, int requested, int groupSizeBefore, int hostLimit, int switchLimit,
    List<Placement> placements, List<HostDecision> decisions, Shortfall shortfall) {

  public PlacementResult {
    placements = List.copyOf(placements);
    decisions = List.copyOf(decisions);
    Objects.requireNonNull(shortfall, "shortfall");
  }

  /** How many containers were placed. */
  public int placed() {
    return placements.size();
  }

  /** True when all requested containers were placed. */
  public boolean complete() {
    return shortfall.isNone();
  }

  public int groupSizeAfter() {
    return groupSizeBefore + placed();
  }

  /** The host of each placed container, in placing order (a host appears once per container). */
  public List<Long> hostIds() {
    return placements.stream().map(Placement::hostId).toList();
  }

  /** New containers per host, for the hosts that received any, by host id. */
  public Map<Long, Integer> countsByHost() {
    Map<Long, Integer> counts = new TreeMap<>();
    for (Placement p : placements) {
      counts.merge(p.hostId(), 1, Integer::sum);
    }
    return counts;
  }

  /** The decision on one listed host. */
  public Optional<HostDecision> decision(long hostId) {
    return decisions.stream().filter(d -> d.hostId() == hostId).findFirst();
  }

  /** The hosts that received nothing with {@code constraint} among the reasons, by host id. */
  public List<Long> hostsRuledOutBy(Constraint constraint) {
    return decisions.stream().filter(d -> d.ruledOutBy(constraint)).map(HostDecision::hostId).toList();
  }

  /** This result when every requested container was placed. */
  public PlacementResult requireAll() {
    if (!complete()) {
      throw new NoHostFitsException(this);
    }
    return this;
  }

  /** Everything in words, one line per placement and per host, for logs, reports and incidents. */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    sb.append("Placed ").append(placed()).append(" of ").append(requested).append(" container(s) of group ")
        .append(groupId).append(" (group of ").append(groupSizeBefore).append(" -> ").append(groupSizeAfter())
        .append("; at most ").append(hostLimit).append(" per host, ").append(switchLimit).append(" per switch).");
    if (!complete()) {
      sb.append('\n').append(shortfall.cause()).append(": ").append(shortfall.explanation());
    }
    for (Placement p : placements) {
      sb.append("\n  ").append(p.explanation());
    }
    for (HostDecision d : decisions) {
      sb.append("\n  ").append(d.explanation());
    }
    return sb.toString();
  }
}
