package org.elasticcloud.core.migration;

import org.elasticcloud.core.inventory.HostState;

/**
 * How a migration treats the container left on its source host, by the source's state. The old
 * container must be gone before the new one starts with the same IP and MAC (the segment refuses a
 * MAC that is live twice, and two containers must never answer on one IP).
 */
public enum SourceCleanup {
  /**
   * The host is DOWN and fenced: its engine is not asked at all (it does not answer, and waiting for
   * it is what made migrations slow elsewhere). Its stale containers are stopped by the host-failure
   * fencing before they can answer again, when the host returns.
   */
  SKIP,
  /**
   * The host is FAULTY or SUSPECT: its engine may or may not answer. The container is removed if the
   * engine answers; if it does not, the host is fenced like a DOWN one and the move goes on.
   */
  BEST_EFFORT,
  /**
   * The host works (READY, DRAINING, MAINTENANCE, REGISTERING): the container must be removed first;
   * an engine that does not answer is a technical failure, retried and then an incident, never
   * skipped (its container may still be serving on the IP).
   */
  REQUIRED;

  public static SourceCleanup forHost(HostState state) {
    if (state == null) {
      return BEST_EFFORT;
    }
    return switch (state) {
      case DOWN -> SKIP;
      case FAULTY, SUSPECT -> BEST_EFFORT;
      case READY, DRAINING, MAINTENANCE, REGISTERING -> REQUIRED;
    };
  }
}
