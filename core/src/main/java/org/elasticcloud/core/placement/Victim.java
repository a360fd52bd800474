package org.elasticcloud.core.placement;

import java.util.Objects;

/**
 * One container chosen for removal, and why: its host ranked first by the order
 * {@link VictimChooser} documents, and it was the newest (highest id) of the group's containers
 * there. {@code decidedBy} names the first criterion on which its host beat the runner-up.
 *
 * @param sequence               1 for the first container to remove, 2 for the second …
 * @param switchGroupCountBefore the group's containers on the host's switch just before removing it
 * @param hostGroupCountBefore   the group's containers on the host just before removing it
 * @param runnerUpHostId         the second-ranked host, {@code null} when there was no other
 */
public record Victim(int sequence, long containerId, long hostId, String hostName, long switchId,
    int switchGroupCountBefore, int hostGroupCountBefore, Criterion decidedBy, Long runnerUpHostId,
    String explanation) {

  /** The criterion on which the victim's host beat the runner-up, in the order they are applied. */
  public enum Criterion {
    /** No other host held a container of the group. */
    ONLY_CANDIDATE("the only host with containers of the group left"),
    /** Its host is not READY, the runner-up's is: it would be migrated or drained anyway. */
    HOST_NOT_READY("its host is not READY"),
    /** More of the group on its switch. */
    SWITCH_LOAD("more of the group on its switch"),
    /** Same on the switch, more of the group on the host. */
    HOST_LOAD("more of the group on its host"),
    /** Equal on everything else: the lower host id wins, so the choice is stable. */
    HOST_ID("equal load, lower host id");

    private final String description;

    Criterion(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public Victim {
    Objects.requireNonNull(decidedBy, "decidedBy");
    Objects.requireNonNull(explanation, "explanation");
  }
}
