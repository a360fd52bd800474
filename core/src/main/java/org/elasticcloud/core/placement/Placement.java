package org.elasticcloud.core.placement;

import java.util.Objects;

/**
 * One new container's host, and why that host: it ranked first among the hosts that could take it,
 * by the order {@link HostChooser} documents. {@code decidedBy} names the first criterion on which
 * it beat the runner-up (the second-ranked host), so "why this host and not that one" has a
 * one-word answer.
 *
 * @param sequence               1 for the first new container, 2 for the second …
 * @param switchGroupCountBefore the group's containers on the host's switch just before this one
 * @param hostGroupCountBefore   the group's containers on the host just before this one
 * @param ratioMismatch          {@link HostChooser#ratioMismatch} of the host's free capacity just
 *                               before this one
 * @param runnerUpHostId         the second-ranked host, {@code null} when there was no other
 */
public record Placement(int sequence, long hostId, String hostName, long switchId, int switchGroupCountBefore,
    int hostGroupCountBefore, double ratioMismatch, Criterion decidedBy, Long runnerUpHostId, String explanation) {

  /** The criterion on which the chosen host beat the runner-up, in the order they are applied. */
  public enum Criterion {
    /** No other host could take the container. */
    ONLY_CANDIDATE("the only host that could take it"),
    /** Fewer of the group on its switch. */
    SWITCH_SPREAD("fewer of the group on its switch"),
    /** Same on the switch, fewer of the group on the host. */
    HOST_SPREAD("fewer of the group on the host"),
    /** Same spread, free memory per core closer to the spec's. */
    RATIO_FIT("free memory per core closer to the spec's"),
    /** Equal on everything else: the lower host id wins, so the choice is stable. */
    HOST_ID("equal spread and fit, lower host id");

    private final String description;

    Criterion(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public Placement {
    Objects.requireNonNull(decidedBy, "decidedBy");
    Objects.requireNonNull(explanation, "explanation");
  }
}
