package org.elasticcloud.core.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import org.elasticcloud.core.inventory.HostState;

/**
 * What to do with a container that exited or stayed unhealthy: restart it in place at most
 * {@code maxRestarts} times within {@code window}, then move it to another host (a container that
 * keeps failing on one host may be failing because of that host). A container whose host is not
 * READY is moved at once: restarting it there would not help, and nothing may be placed there.
 *
 * @param maxRestarts restarts in place allowed within the window (0: always move)
 * @param window      how far back restarts count
 */
public record RestartPolicy(int maxRestarts, Duration window) {
  /** Three restarts in ten minutes, then move. */
  public static final RestartPolicy DEFAULT = new RestartPolicy(3, Duration.ofMinutes(10));

  public RestartPolicy {
    if (maxRestarts < 0 || maxRestarts > 100) {
      throw new IllegalArgumentException("maxRestarts must be 0-100: " + maxRestarts);
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
  }

  /** Restart where it is, or move it. */
  public enum Action { RESTART_IN_PLACE, MOVE }

  /** The action, how many restarts the window held before this one, and why in words. */
  public record Decision(Action action, int restartsInWindow, String explanation) {
    public Decision {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  /**
   * Decides for one failure.
   *
   * @param restarts  when the container was restarted in place before (any order; older ones are ignored)
   * @param now       the time of this decision
   * @param hostState the state of the container's host now
   */
  public Decision decide(Collection<Instant> restarts, Instant now, HostState hostState) {
    Instant since = now.minus(window);
    int recent = (int) restarts.stream().filter(t -> t.isAfter(since) && !t.isAfter(now)).count();
    if (hostState == null || !hostState.acceptsContainers()) {
      return new Decision(Action.MOVE, recent, "its host is " + (hostState == null ? "in an unknown state" : hostState)
          + ", not READY: move it");
    }
    if (recent >= maxRestarts) {
      return new Decision(Action.MOVE, recent, "restarted " + recent + " time(s) in the last " + window
          + " (at most " + maxRestarts + "): move it to another host");
    }
    return new Decision(Action.RESTART_IN_PLACE, recent, "restart " + (recent + 1) + " of " + maxRestarts
        + " within " + window + ": restart it in place");
  }
}
