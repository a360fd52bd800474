package org.elasticcloud.webapp.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.migration.ContainerFailureJudge;
import org.elasticcloud.core.migration.ContainerFailureJudge.Failure;
import org.elasticcloud.core.migration.ContainerFailureJudge.Ignored;
import org.elasticcloud.core.migration.ContainerFailureJudge.Sighting;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.core.reconcile.BusyApplications;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.webapp.config.MigrationProperties;
import org.elasticcloud.webapp.monitoring.AgentReportReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Container-failure detection: the liveness points of every accepted agent report go to the
 * {@link ContainerFailureJudge}; a platform container recorded RUNNING on the reporting READY host,
 * whose application has no operation queued, and that stayed not alive for
 * {@code ecloud.migration.container-failure-after} (two rounds at least) starts
 * ContainerFailureProcess (restart in place, then move keeping its IP), once per failure. Off with
 * {@code ecloud.migration.on-container-failure=false}: then an operator starts it by
 * {@code POST /api/containers/{name}/recover}.
 *
 * <p>The judge's memory is this node's: an agent that switches platform nodes starts its count
 * again on the new one (a later detection, never a double one: the starter answers a running process).
 */
@Component
@ConditionalOnProperty(name = "ecloud.migration.on-container-failure", havingValue = "true", matchIfMissing = true)
public class ContainerFailureDetection {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerFailureDetection.class);
  private final MigrationStarter starter;
  private final Inventory inventory;
  private final BusyApplications busy;
  private final ContainerFailureJudge judge;

  @Autowired
  public ContainerFailureDetection(MigrationStarter starter, Inventory inventory, BusyApplications busy,
      MigrationProperties props) {
    this(starter, inventory, busy, props.containerFailureAfter());
  }

  ContainerFailureDetection(MigrationStarter starter, Inventory inventory, BusyApplications busy,
      Duration failAfter) {
    this.starter = starter;
    this.inventory = inventory;
    this.busy = busy;
    this.judge = new ContainerFailureJudge(failAfter);
  }

  @EventListener
  public void on(AgentReportReceived report) {
    if (report.host() == null || report.containerLiveness().isEmpty()) {
      return;
    }
    List<Sighting> sightings = new ArrayList<>();
    for (MetricPoint p : report.containerLiveness()) {
      if (p.metric() == Metric.LIVENESS && p.subject() != null && p.subject().kind() == SubjectKind.CONTAINER
          && p.subject().name() != null && p.at() != null) {
        sightings.add(new Sighting(p.subject().name(), p.at(), p.value() > 0));
      }
    }
    Optional<Host> host = inventory.hosts.findOneBy("name", report.host());
    if (host.isEmpty()) {
      judge.forget(report.host());
      return;
    }
    List<Failure> failures = judge.report(report.host(), sightings, name -> standing(name, host.get()));
    for (Failure f : failures) {
      try {
        MigrationStarter.Started s = starter.containerFailed(f.container(), f.detail());
        if (s.alreadyRunning()) {
          LOG.info("ECP-MIG-071 container {} failed again: ContainerFailureProcess {} already runs", f.container(),
              s.process().getId());
        } else {
          LOG.warn("ECP-MIG-070 container {} failed ({}): ContainerFailureProcess {} started", f.container(),
              f.detail(), s.process().getId());
        }
      } catch (RuntimeException e) {
        LOG.warn("ECP-MIG-072 starting the recovery of container {} failed: {}", f.container(), e.toString());
      }
    }
  }

  private Optional<Ignored> standing(String containerName, Host reporting) {
    Optional<Container> c = inventory.containers.findOneBy("name", containerName);
    if (c.isEmpty()) {
      return Optional.of(Ignored.NOT_RECORDED);
    }
    Container rec = c.get();
    String recordedHost = rec.hostId() == null ? null
        : rec.hostId().equals(reporting.id()) ? reporting.name()
        : inventory.hosts.find(rec.hostId()).map(Host::name).orElse(null);
    // the host's state is read again: a report may come in while the host changes
    var hostState = inventory.hosts.find(reporting.id()).map(Host::state).orElse(null);
    boolean appBusy = inventory.groups.find(rec.groupId()).map(AppGroup::applicationId)
        .flatMap(inventory.applications::find).map(a -> busy.busy(a.name())).orElse(false);
    return ContainerFailureJudge.standing(rec.state(), recordedHost, reporting.name(), hostState, appBusy);
  }
}
