package org.elasticcloud.webapp.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.elasticcloud.core.health.HostHealthJudge;
import org.elasticcloud.core.health.HostHealthJudge.Action;
import org.elasticcloud.core.health.HostHealthJudge.Verdict;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.port.ClusterRegistry;
import org.elasticcloud.db.HostHealthStore;
import org.elasticcloud.db.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host-down detection (ADR 0014), active on one platform node at a time: every node runs a
 * {@link LeaderLatch} at {@code <base>/leaders/host-health}, and only the leader judges. Every
 * probe interval the leader probes the engines of the READY, SUSPECT and DOWN hosts (in parallel,
 * each within the probe timeout), feeds the probes and the agents' presence (a watch on the
 * {@code agent} members of the cluster registry: a departure is judged at once, without a probe)
 * to the {@link HostHealthJudge}, and applies its verdicts through {@link HostHealthService}:
 * transitions, DOWN declarations, fencing of returning engines.
 *
 * <p>A node that gains the leadership starts with no observations: a host is declared DOWN only
 * after the down-after time of its own probes, never on an earlier leader's.
 */
public class HostHealthMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostHealthMonitor.class);
  /** A probe result is written to the host's record when it changes, and at least this often. */
  static final Duration PROBE_RECORD_EVERY = Duration.ofSeconds(10);
  private static final List<HostState> WATCHED = List.of(HostState.READY, HostState.SUSPECT, HostState.DOWN);
  /** One round applies at most this many steps per host (SUSPECT to DOWN, fence, ...). */
  private static final int MAX_STEPS = 3;

  private record Recorded(boolean answered, Instant at) {
  }

  private final CuratorFramework curator;
  private final String latchPath;
  private final String nodeId;
  private final ClusterRegistry registry;
  private final Inventory inventory;
  private final HostHealthStore store;
  private final HostHealthService service;
  private final EngineProber prober;
  private final HostHealthJudge judge;
  private final Duration interval;
  private final Clock clock;
  private final Map<Long, Recorded> recorded = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Set<String> agents = Set.of();
  private volatile boolean freshLeadership;
  private ScheduledExecutorService scheduler;
  private LeaderLatch latch;
  private ClusterRegistry.Watch watch;

  public HostHealthMonitor(CuratorFramework curator, String basePath, String nodeId, ClusterRegistry registry,
      Inventory inventory, HostHealthService service, EngineProber prober, HostHealthJudge judge, Duration interval,
      Clock clock) {
    this.curator = curator;
    this.latchPath = basePath + "/leaders/host-health";
    this.nodeId = nodeId;
    this.registry = registry;
    this.inventory = inventory;
    this.store = service.store();
    this.service = service;
    this.prober = prober;
    this.judge = judge;
    this.interval = interval;
    this.clock = clock;
  }

  /** Joins the election, watches the agents, and starts the rounds. */
  public synchronized void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ecloud-host-health");
      t.setDaemon(true);
      return t;
    });
    watch = registry.watch(HostHealthService.AGENT_ROLE, ids -> {
      agents = ids;
      scheduler.execute(() -> round(false));
    });
    latch = new LeaderLatch(curator, latchPath, nodeId);
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        freshLeadership = true;
        LOG.info("ECP-HEALTH-030 this node ({}) now judges host health", nodeId);
      }

      @Override
      public void notLeader() {
        LOG.info("ECP-HEALTH-031 this node ({}) no longer judges host health", nodeId);
      }
    });
    try {
      latch.start();
    } catch (Exception e) {
      throw new IllegalStateException("ECP-HEALTH-032 cannot join the host-health election at " + latchPath, e);
    }
    long every = interval.toMillis();
    scheduler.scheduleWithFixedDelay(() -> round(true), every, every, TimeUnit.MILLISECONDS);
  }

  /** Whether this node is the one judging now. */
  public boolean active() {
    return latch != null && latch.hasLeadership();
  }

  /** One round: observe, (probe), judge, act. Never throws: the next round comes anyway. */
  void round(boolean probe) {
    try {
      if (!active() || watch == null || !watch.initialized()) {
        return;
      }
      if (freshLeadership) {
        freshLeadership = false;
        judge.reset();
        recorded.clear();
      }
      List<Host> hosts = new ArrayList<>();
      for (HostState s : WATCHED) {
        hosts.addAll(inventory.hosts.findBy("state", s));
      }
      Set<String> names = new HashSet<>();
      hosts.forEach(h -> names.add(h.name()));
      judge.retain(names);
      observeAgents(hosts);
      if (probe) {
        probeEngines(hosts);
      } else if (hosts.stream().noneMatch(h -> judge.observation(h.name()).map(o -> o.lastProbeAt() != null)
          .orElse(false))) {
        return;
      }
      for (Host h : hosts) {
        judge(h);
      }
    } catch (RuntimeException e) {
      LOG.warn("ECP-HEALTH-033 a host-health round failed, next one in {} ms: {}", interval.toMillis(), e.toString());
    }
  }

  private void observeAgents(List<Host> hosts) {
    Set<Long> withAgents = store.hostsWithAgents();
    Set<String> present = agents;
    for (Host h : hosts) {
      if (withAgents.contains(h.id())) {
        judge.expectAgent(h.name());
      }
      boolean here = present.contains(h.name());
      judge.agentObserved(h.name(), here);
      if (here && !withAgents.contains(h.id())) {
        store.agentSeen(h.id(), clock.instant());
      }
    }
  }

  private void probeEngines(List<Host> hosts) {
    Map<String, EngineProber.Result> results = prober.probeAll(hosts.stream().map(Host::engineEndpoint).distinct()
        .toList());
    Instant now = clock.instant();
    for (Host h : hosts) {
      EngineProber.Result r = results.get(h.engineEndpoint());
      judge.engineProbed(h.name(), r.answered(), r.detail());
      Recorded last = recorded.get(h.id());
      if (last == null || last.answered() != r.answered()
          || Duration.between(last.at(), now).compareTo(PROBE_RECORD_EVERY) >= 0) {
        store.recordProbe(h.id(), now, r.answered(), r.detail());
        recorded.put(h.id(), new Recorded(r.answered(), now));
      }
    }
  }

  private void judge(Host host) {
    Host current = host;
    for (int step = 0; step < MAX_STEPS; step++) {
      boolean fenced = current.state() != HostState.DOWN || store.health(current.id()).fenced();
      Verdict v = judge.decide(current.name(), current.state(), fenced);
      if (v.action() == Action.NONE) {
        return;
      }
      if (v.action() == Action.FENCE) {
        try {
          if (!service.fence(current).complete()) {
            return;
          }
        } catch (RuntimeException e) {
          LOG.warn("ECP-HEALTH-022 fencing host {} failed, trying again next round: {}", current.name(), e.toString());
          return;
        }
      } else if (service.apply(current, v).isEmpty()) {
        return; // changed meanwhile (an operator, a fault report): judged again next round
      }
      current = inventory.hosts.find(current.id()).orElse(null);
      if (current == null || !WATCHED.contains(current.state())) {
        return;
      }
    }
  }

  @Override
  public synchronized void close() {
    if (watch != null) {
      watch.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (latch != null && curator.getZookeeperClient().isConnected()) {
      try {
        latch.close();
      } catch (Exception e) {
        LOG.warn("ECP-HEALTH-034 leaving the host-health election failed: {}", e.toString());
      }
    }
  }
}
