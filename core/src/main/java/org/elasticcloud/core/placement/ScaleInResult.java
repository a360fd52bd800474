package org.elasticcloud.core.placement;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link ScaleInRequest}: the containers to remove, in order, each with its reason,
 * the spread left behind, and — when fewer than requested may go — how many and why.
 * {@link #requireAll()} turns a short answer into a {@link ScaleInRefusedException}.
 *
 * @param groupSizeBefore   the group's containers on the listed hosts before removing
 * @param victims           in the order they were chosen (remove them in this order)
 * @param maxPerHostAfter   the most of the group that any one host holds afterwards
 * @param maxPerSwitchAfter the most of the group that any one switch holds afterwards
 */
public record ScaleInResult(long groupId, int requested, int groupSizeBefore, int minInstances, List<Victim> victims,
    int maxPerHostAfter, int maxPerSwitchAfter, Shortfall shortfall) {

  public ScaleInResult {
    victims = List.copyOf(victims);
    Objects.requireNonNull(shortfall, "shortfall");
  }

  public int removed() {
    return victims.size();
  }

  public boolean complete() {
    return shortfall.isNone();
  }

  public int groupSizeAfter() {
    return groupSizeBefore - removed();
  }

  /** The victims' container ids, in order. */
  public List<Long> containerIds() {
    return victims.stream().map(Victim::containerId).toList();
  }

  /** This result when every requested container may be removed. */
  public ScaleInResult requireAll() {
    if (!complete()) {
      throw new ScaleInRefusedException(this);
    }
    return this;
  }

  /** Everything in words, one line per victim. */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    sb.append("Remove ").append(removed()).append(" of ").append(requested).append(" requested container(s) of group ")
        .append(groupId).append(" (group of ").append(groupSizeBefore).append(" -> ").append(groupSizeAfter())
        .append(", minimum ").append(minInstances).append("; afterwards at most ").append(maxPerHostAfter)
        .append(" per host, ").append(maxPerSwitchAfter).append(" per switch).");
    if (!complete()) {
      sb.append('\n').append(shortfall.cause()).append(": ").append(shortfall.explanation());
    }
    for (Victim v : victims) {
      sb.append("\n  ").append(v.explanation());
    }
    return sb.toString();
  }
}
