package org.elasticcloud.webapp.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Host-down detection and fencing ({@code ecloud.hosts.*}, env {@code ECLOUD_HOSTS_*}; ADR 0014).
 *
 * @param probeInterval how often the active monitor probes the engines of READY, SUSPECT and DOWN
 *     hosts and judges them
 * @param probeTimeout how long one probe may take before it counts as failed
 * @param downAfter how long a host's engine must fail every probe, with its agent gone, before the
 *     host is declared DOWN
 * @param recoverAfter how long a SUSPECT host must look healthy (engine answering, agent present)
 *     before it is READY again
 * @param autoReturn whether a DOWN host returns to READY by itself once fenced and healthy
 *     (default false: an operator returns it with {@code POST /api/hosts/{id}/return-to-service})
 * @param recentEvents how many of a host's events {@code GET /api/hosts/{id}/health} shows
 */
@ConfigurationProperties(prefix = "ecloud.hosts")
public record HostHealthProperties(@DefaultValue("1s") Duration probeInterval, @DefaultValue("2s") Duration probeTimeout,
    @DefaultValue("8s") Duration downAfter, @DefaultValue("4s") Duration recoverAfter,
    @DefaultValue("false") boolean autoReturn, @DefaultValue("20") int recentEvents) {
  public HostHealthProperties {
    requirePositive("probe-interval", probeInterval);
    requirePositive("probe-timeout", probeTimeout);
    requirePositive("down-after", downAfter);
    if (recoverAfter == null || recoverAfter.isNegative()) {
      throw new IllegalArgumentException("ECP-HEALTH-001 ecloud.hosts.recover-after must not be negative");
    }
    if (recentEvents < 1 || recentEvents > 500) {
      throw new IllegalArgumentException("ECP-HEALTH-001 ecloud.hosts.recent-events must be between 1 and 500");
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("ECP-HEALTH-001 ecloud.hosts." + name + " must be positive");
    }
  }
}
