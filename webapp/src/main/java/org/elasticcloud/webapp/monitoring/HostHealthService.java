package org.elasticcloud.webapp.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.elasticcloud.core.health.HealthReason;
import org.elasticcloud.core.health.HostFencer;
import org.elasticcloud.core.health.HostHealthJudge.Verdict;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.port.ClusterRegistry;
import org.elasticcloud.db.HostHealthStore;
import org.elasticcloud.db.HostHealthStore.Event;
import org.elasticcloud.db.HostHealthStore.Health;
import org.elasticcloud.db.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What changes a host's health, for the monitor, the hardware-fault listener and the operator's
 * REST calls alike (ADR 0014): applies a judged transition, declares failures (a new epoch, then
 * {@link HostFailureDetected} after the commit), fences a returning engine, returns a host to
 * service. Every state change is a compare-and-set in {@link HostHealthStore}, so concurrent
 * callers (another node, an operator) never apply the same change twice.
 */
public class HostHealthService {
  /** The role host agents join the cluster registry with (member id = the host's name). */
  public static final String AGENT_ROLE = "agent";
  private static final Logger LOG = LoggerFactory.getLogger(HostHealthService.class);
  /** An operator's return-to-service waits this long for the engine's answer (a busy engine is slow, not dead). */
  static final java.time.Duration OPERATOR_PROBE_PATIENCE = java.time.Duration.ofSeconds(10);

  /** What became of a request to return a host to service: the event, or why not (field and reason). */
  public record ReturnOutcome(Event event, HostFencer.Report fencing, String refusedField, String refusal) {
    public boolean returned() {
      return event != null;
    }
  }

  /** A host's health as the REST API shows it. */
  public record HealthView(long hostId, String host, HostState state, long epoch, long fencedEpoch, boolean fenced,
      Agent agent, Probe lastProbe, List<EventView> events) {
  }

  /** @param present whether its member is in ZooKeeper now @param firstSeenAt null: never seen */
  public record Agent(boolean present, Instant firstSeenAt) {
  }

  public record Probe(Instant at, boolean answered, String detail) {
  }

  public record EventView(Instant at, HostState from, HostState to, HealthReason reason, long epoch, String detail) {
  }

  private final Inventory inventory;
  private final HostHealthStore store;
  private final HostFencer fencer;
  private final EngineProber prober;
  private final ClusterRegistry registry;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public HostHealthService(Inventory inventory, HostHealthStore store, HostFencer fencer, EngineProber prober,
      ClusterRegistry registry, ApplicationEventPublisher events, Clock clock) {
    this.inventory = inventory;
    this.store = store;
    this.fencer = fencer;
    this.prober = prober;
    this.registry = registry;
    this.events = events;
    this.clock = clock;
  }

  public HostHealthStore store() {
    return store;
  }

  /** Applies the judge's transition of {@code host} (as read just before); empty if its state moved meanwhile. */
  public Optional<Event> apply(Host host, Verdict v) {
    Instant at = clock.instant();
    Optional<Event> e = v.to() == HostState.DOWN
        ? store.declareFailure(host.id(), host.state(), HostState.DOWN, v.reason(), v.detail(), at)
        : store.transition(host.id(), host.state(), v.to(), v.reason(), v.detail(), at);
    e.ifPresent(ev -> {
      if (ev.to() == HostState.DOWN) {
        LOG.warn("ECP-HEALTH-011 host {} declared DOWN, epoch {}: {}", host.name(), ev.epoch(), ev.detail());
        publish(new HostFailureDetected(host.name(), HostFailureDetected.Reason.DOWN, ev.epoch(), ev.detail(), at));
      } else {
        LOG.info("ECP-HEALTH-010 host {} {} -> {} ({}): {}", host.name(), ev.from(), ev.to(), ev.reason(), ev.detail());
      }
    });
    return e;
  }

  /**
   * Fences the host's engine (a DOWN host: every platform container on it; otherwise: copies the
   * inventory places elsewhere) and, when every removal succeeded, records it for the host's current
   * epoch. Throws {@link org.elasticcloud.core.port.HostUnreachableException} when the engine does
   * not answer.
   */
  public HostFencer.Report fence(Host host) {
    Health before = store.health(host.id());
    HostFencer.Report report = fencer.fence(host, host.state() == HostState.DOWN);
    if (report.complete()) {
      store.recordFenced(host.id(), before.epoch(), host.state(), report.summary(), clock.instant());
      LOG.info("ECP-HEALTH-020 host {} fenced for epoch {}: {}", host.name(), before.epoch(), report.summary());
    } else {
      LOG.warn("ECP-HEALTH-021 fencing of host {} incomplete, the host stays out of service: {}", host.name(),
          report.summary());
    }
    return report;
  }

  /**
   * Marks the host FAULTY for the unhealthy {@code conditions} of its agent's report: a new epoch,
   * then {@link HostFailureDetected}. A host already FAULTY or DOWN, or still registering, keeps its
   * state. Empty when nothing changed.
   */
  public Optional<Event> markFaulty(String hostName, List<HostCondition> conditions) {
    List<HostCondition> bad = conditions == null ? List.of()
        : conditions.stream().filter(c -> c != null && !c.healthy()).toList();
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    String detail = bad.stream().map(c -> c.check() + ": " + c.detail()).collect(Collectors.joining("; "));
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Host> found = inventory.hosts.findOneBy("name", hostName);
      if (found.isEmpty()) {
        LOG.warn("ECP-HEALTH-040 a hardware fault was reported for {}, which is not in the inventory: {}", hostName,
            detail);
        return Optional.empty();
      }
      Host host = found.get();
      if (host.state() == HostState.FAULTY || host.state() == HostState.DOWN
          || host.state() == HostState.REGISTERING) {
        LOG.info("ECP-HEALTH-041 host {} is {}: a reported hardware fault changes nothing ({})", hostName,
            host.state(), detail);
        return Optional.empty();
      }
      Instant at = clock.instant();
      Optional<Event> e = store.declareFailure(host.id(), host.state(), HostState.FAULTY, HealthReason.HARDWARE_FAULT,
          detail, at);
      if (e.isPresent()) {
        LOG.warn("ECP-HEALTH-012 host {} marked FAULTY, epoch {}: {}", hostName, e.get().epoch(), detail);
        publish(new HostFailureDetected(hostName, HostFailureDetected.Reason.FAULTY, e.get().epoch(), detail, at));
        return e;
      }
      // its state changed between the read and the write: read it again
    }
    return Optional.empty();
  }

  /**
   * An operator returns a FAULTY or DOWN host to service: its engine must answer, it is fenced
   * again (harmless when it was already), then it is READY.
   */
  public ReturnOutcome returnToService(Host host, String who) {
    if (host.state() != HostState.FAULTY && host.state() != HostState.DOWN) {
      return refused("state", "host " + host.name() + " is " + host.state()
          + ": only FAULTY or DOWN hosts are returned to service");
    }
    EngineProber.Result probe = prober.probe(host.engineEndpoint(), OPERATOR_PROBE_PATIENCE);
    if (!probe.answered()) {
      return refused("engineEndpoint", "the engine of host " + host.name() + " does not answer (" + probe.detail()
          + "): it cannot be fenced, so it cannot serve");
    }
    HostFencer.Report report;
    try {
      report = fence(host);
    } catch (RuntimeException e) {
      return refused("engineEndpoint", "fencing the engine of host " + host.name() + " failed: " + e.getMessage());
    }
    if (!report.complete()) {
      return new ReturnOutcome(null, report, "engineEndpoint", "fencing the engine of host " + host.name()
          + " is incomplete: " + report.summary());
    }
    Optional<Event> e = store.returnToService(host.id(), host.state(), HealthReason.RETURNED_TO_SERVICE,
        "by " + who + "; " + report.summary(), clock.instant());
    if (e.isEmpty()) {
      return new ReturnOutcome(null, report, "state", "host " + host.name() + " changed meanwhile (or failed again)");
    }
    LOG.info("ECP-HEALTH-050 host {} returned to service by {}", host.name(), who);
    return new ReturnOutcome(e.get(), report, null, null);
  }

  /** The host's health: state, epoch, agent, last recorded probe, newest events. */
  public HealthView view(Host host, int recentEvents) {
    Health h = store.health(host.id());
    boolean present;
    try {
      present = registry.members().stream()
          .anyMatch(m -> AGENT_ROLE.equals(m.role()) && host.name().equals(m.id()));
    } catch (RuntimeException e) {
      present = false;
    }
    Probe probe = h.lastProbeAt() == null ? null
        : new Probe(h.lastProbeAt(), Boolean.TRUE.equals(h.lastProbeOk()), h.lastProbeDetail());
    List<EventView> recent = store.events(host.id(), recentEvents).stream()
        .map(e -> new EventView(e.at(), e.from(), e.to(), e.reason(), e.epoch(), e.detail())).toList();
    return new HealthView(host.id(), host.name(), host.state(), h.epoch(), h.fencedEpoch(), h.fenced(),
        new Agent(present, h.agentSeenAt()), probe, recent);
  }

  private static ReturnOutcome refused(String field, String why) {
    return new ReturnOutcome(null, null, field, why);
  }

  private void publish(HostFailureDetected failure) {
    try {
      events.publishEvent(failure);
    } catch (RuntimeException e) {
      LOG.error("ECP-HEALTH-060 a listener of the failure of host {} (epoch {}) failed", failure.host(),
          failure.epoch(), e);
    }
  }
}
