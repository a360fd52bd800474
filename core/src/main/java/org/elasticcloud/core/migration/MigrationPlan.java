package org.elasticcloud.core.migration;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.elasticcloud.core.placement.Shortfall;

/**
 * The answer of {@link MigrationPlanner}: the containers that move and where (most important
 * applications first), and the containers that wait for capacity, each with the reason in words.
 */
public record MigrationPlan(List<Move> moves, List<Waiting> waiting) {
  public MigrationPlan {
    moves = List.copyOf(moves);
    waiting = List.copyOf(waiting);
  }

  /** One container and its new host, with the placement's explanation. */
  public record Move(Evacuee evacuee, long targetHostId, String targetHostName, String explanation) {
    public Move {
      Objects.requireNonNull(evacuee, "evacuee");
      Objects.requireNonNull(targetHostName, "targetHostName");
    }
  }

  /** A container no host can take now, the rule that stopped it, and why in words. */
  public record Waiting(Evacuee evacuee, Shortfall.Cause cause, String reason) {
    public Waiting {
      Objects.requireNonNull(evacuee, "evacuee");
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(reason, "reason");
    }

    /** {@code name: reason}, one line. */
    public String line() {
      return evacuee.containerName() + " (" + evacuee.application() + ", priority " + evacuee.priority() + "): "
          + reason;
    }
  }

  public boolean complete() {
    return waiting.isEmpty();
  }

  /** The waiting containers, one line each, for the operator's task. */
  public String waitingText() {
    return waiting.stream().map(Waiting::line).collect(Collectors.joining("\n"));
  }
}
