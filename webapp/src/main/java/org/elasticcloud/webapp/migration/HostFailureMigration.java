package org.elasticcloud.webapp.migration;

import org.elasticcloud.webapp.monitoring.HostFailureDetected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Host-failure detection starts fault migration: a host declared DOWN or FAULTY is fenced and
 * evacuated by HostFailureProcess (once per host while one runs). Off with
 * {@code ecloud.migration.on-host-failure=false}: then an operator evacuates by
 * {@code POST /api/hosts/{id}/evacuate}.
 */
@Component
@ConditionalOnProperty(name = "ecloud.migration.on-host-failure", havingValue = "true", matchIfMissing = true)
public class HostFailureMigration {
  private static final Logger LOG = LoggerFactory.getLogger(HostFailureMigration.class);
  private final MigrationStarter starter;

  public HostFailureMigration(MigrationStarter starter) {
    this.starter = starter;
  }

  @EventListener
  public void on(HostFailureDetected failure) {
    MigrationStarter.Started started = starter.hostFailed(failure.host(), failure.reason().name(),
        failure.detail() + " (epoch " + failure.epoch() + ")");
    if (started.alreadyRunning()) {
      LOG.info("ECP-MIG-061 host {} failed again ({}): HostFailureProcess {} already runs", failure.host(),
          failure.reason(), started.process().getId());
    }
  }
}
