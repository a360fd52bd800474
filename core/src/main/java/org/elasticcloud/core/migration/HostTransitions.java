package org.elasticcloud.core.migration;

import java.util.Optional;
import org.elasticcloud.core.inventory.HostState;

/**
 * Which host states the migration processes move a host between, and which requests a host in a
 * given state accepts. Each answer is the refusal in words, empty when the request is accepted.
 */
public final class HostTransitions {
  private HostTransitions() {
  }

  /** Why a host fails: it stopped answering, or it reported a hardware fault. */
  public enum FailureReason {
    DOWN, FAULTY;

    public HostState state() {
      return this == DOWN ? HostState.DOWN : HostState.FAULTY;
    }

    /** {@code DOWN} or {@code FAULTY}, case-insensitive; anything else is refused. */
    public static FailureReason parse(String text) {
      if (text != null) {
        for (FailureReason r : values()) {
          if (r.name().equalsIgnoreCase(text.trim())) {
            return r;
          }
        }
      }
      throw new IllegalArgumentException("reason must be DOWN or FAULTY: " + text);
    }
  }

  /**
   * The state a failed host is fenced in: a host already DOWN or FAULTY keeps its state (detection
   * set it, and a FAULTY host evacuated by hand stays FAULTY); any other becomes the reason's state.
   */
  public static HostState fenced(HostState current, FailureReason reason) {
    return current == HostState.DOWN || current == HostState.FAULTY ? current : reason.state();
  }

  /** Whether a host may be evacuated as failed. Any registered host may: its containers must go. */
  public static Optional<String> refuseEvacuation(HostState current) {
    return current == HostState.REGISTERING
        ? Optional.of("is REGISTERING: it holds no containers yet") : Optional.empty();
  }

  /** Whether a host may be drained for maintenance: READY (or DRAINING already, the same drain again). */
  public static Optional<String> refuseDrain(HostState current) {
    if (current == HostState.READY || current == HostState.DRAINING) {
      return Optional.empty();
    }
    return Optional.of(switch (current == null ? HostState.REGISTERING : current) {
      case MAINTENANCE -> "is in MAINTENANCE already: nothing to drain";
      case DOWN, FAULTY, SUSPECT -> "is " + current + ": evacuate it (POST /api/hosts/{id}/evacuate) instead";
      default -> "is " + current + ", not READY";
    });
  }

  /** Whether a host may return to service: only from MAINTENANCE or DRAINING (a drain that ended or was cancelled). */
  public static Optional<String> refuseUndrain(HostState current) {
    return current == HostState.MAINTENANCE || current == HostState.DRAINING ? Optional.empty()
        : Optional.of("is " + current + ", not in MAINTENANCE or DRAINING");
  }
}
