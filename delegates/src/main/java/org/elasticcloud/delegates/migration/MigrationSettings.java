package org.elasticcloud.delegates.migration;

import java.time.Duration;
import org.elasticcloud.core.migration.RestartPolicy;

/**
 * How fault migration runs here: the restart policy for failed containers, how long waiting
 * containers wait before they are planned again, and how long a container on a working source host
 * is given to stop. The models read the re-plan timer from this bean:
 * {@code ${migrationSettings.replanWait}}.
 */
public class MigrationSettings {
  /** The bean name the models' timers use. */
  public static final String BEAN = "migrationSettings";
  private final RestartPolicy restartPolicy;
  private final Duration replanWait;
  private final Duration stopGrace;

  public MigrationSettings(RestartPolicy restartPolicy, Duration replanWait, Duration stopGrace) {
    if (replanWait == null || replanWait.toSeconds() < 1) {
      throw new IllegalArgumentException("ECP-MIG-001 the re-plan wait must be at least a second, not " + replanWait);
    }
    if (stopGrace == null || stopGrace.isNegative()) {
      throw new IllegalArgumentException("ECP-MIG-001 the stop grace must not be negative: " + stopGrace);
    }
    this.restartPolicy = restartPolicy;
    this.replanWait = replanWait;
    this.stopGrace = stopGrace;
  }

  public RestartPolicy restartPolicy() {
    return restartPolicy;
  }

  public Duration stopGrace() {
    return stopGrace;
  }

  /** The ISO-8601 duration waiting containers wait before the next plan (e.g. {@code PT1M}). */
  public String getReplanWait() {
    return replanWait.toString();
  }
}
