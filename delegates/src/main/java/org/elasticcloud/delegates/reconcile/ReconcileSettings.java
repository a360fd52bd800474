package org.elasticcloud.delegates.reconcile;

import org.elasticcloud.core.reconcile.Subnet;

/**
 * What ReconcileProcess runs with (from {@code ecloud.reconcile.*}; ADR 0010).
 *
 * @param cycle the timer's ISO 8601 repeating interval or cron expression, e.g. {@code R/PT5M}
 * @param repair whether runs repair what is safe (false: they only report)
 * @param orphanSightings in how many consecutive reports, this one included, an orphan must be
 *     listed before it is removed (1: at once)
 * @param platformNetwork the containers' network: accounts on other addresses are not the platform's
 * @param keepReports how many reports are kept (older ones are deleted when a run ends)
 */
public record ReconcileSettings(String cycle, boolean repair, int orphanSightings, Subnet platformNetwork,
    int keepReports) {
  public ReconcileSettings {
    if (cycle == null || cycle.isBlank()) {
      throw new IllegalArgumentException("ecloud.reconcile.cycle must be an ISO 8601 repeating interval like R/PT5M "
          + "or a cron expression");
    }
    if (orphanSightings < 1) {
      throw new IllegalArgumentException("ecloud.reconcile.orphan-sightings must be at least 1: " + orphanSightings);
    }
    if (keepReports < 1) {
      throw new IllegalArgumentException("ecloud.reconcile.keep-reports must be at least 1: " + keepReports);
    }
  }
}
