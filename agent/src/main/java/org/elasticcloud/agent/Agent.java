package org.elasticcloud.agent;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.elasticcloud.agent.collect.Cgroups;
import org.elasticcloud.agent.collect.ContainerCollector;
import org.elasticcloud.agent.collect.ContainerDetails;
import org.elasticcloud.agent.collect.ContainerListing;
import org.elasticcloud.agent.collect.HostCollector;
import org.elasticcloud.agent.collect.ProcFiles;
import org.elasticcloud.agent.docker.EngineContainers;
import org.elasticcloud.agent.hardware.HardwareChecks;
import org.elasticcloud.agent.ship.ReportShipper;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.metrics.MetricPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-host agent: joins the cluster registry as its host, and every interval collects the
 * host's and its containers' metrics and the hardware checks' conditions and hands them to the
 * shipper. A round never waits for the platform; a Docker engine that does not answer costs that
 * round its container points, not the host's.
 */
public class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private final AgentConfig config;
  private final Clock clock;
  private final HostCollector host;
  private final ContainerCollector containers;
  private final EngineContainers engine;
  private final HardwareChecks checks;
  private final ReportShipper shipper;
  private final String address;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private AgentMembership membership;
  private ScheduledExecutorService scheduler;
  private boolean engineDown;
  private long rounds;
  private long cpuNanosAfterFirst;
  private long lastCpuNanos = -1;

  /** One round's output. */
  public record Round(Instant at, List<MetricPoint> points, List<HostCondition> conditions, int containers) {
  }

  public Agent(AgentConfig config) {
    this(config, Clock.systemUTC());
  }

  public Agent(AgentConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.address = ProcessHandle.current().pid() + "@" + localName();
    this.host = new HostCollector(config.host(), config.procRoot(), config.rootFs(), config.connections());
    this.containers = new ContainerCollector(config.host(), config.procRoot(), new Cgroups(config.cgroupRoot()),
        config.cgroupParent(), config.diskInterval(), config.connections());
    this.engine = new EngineContainers(config.docker());
    this.checks = HardwareChecks.of(config);
    this.shipper = new ReportShipper(config.host(), config.host(), config.platforms(), config.user(),
        config.password(), config.bufferPoints(), config.batchPoints(), config.retryMin(), config.retryMax(),
        config.platformTimeout(), clock);
  }

  /** Joins the registry (when a connect string is set), starts shipping and the rounds. */
  public void start() throws InterruptedException {
    LOG.info("ECP-AGENT-001 agent {} starting: {}", address, config);
    if (config.zkConnect().isEmpty()) {
      LOG.warn("ECP-AGENT-002 no ZooKeeper connect string: the host is not registered (host-down detection "
          + "cannot see it)");
    } else {
      membership = new AgentMembership(config.zkConnect(), config.zkBasePath(), config.zkSessionTimeout(),
          config.host(), address);
      membership.start(Duration.ofSeconds(10));
    }
    shipper.start();
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "collector");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleAtFixedRate(this::scheduledRound, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void scheduledRound() {
    try {
      round();
    } catch (RuntimeException e) {
      LOG.error("ECP-AGENT-003 collection round failed", e);
    }
    if (config.rounds() > 0 && rounds >= config.rounds()) {
      finished.countDown();
      scheduler.shutdown();
    }
  }

  /** Waits until the configured number of rounds ran (forever with rounds = 0). */
  public void awaitRounds() throws InterruptedException {
    finished.await();
  }

  /** One collection round: host, containers, hardware; the result is queued for shipping. */
  public synchronized Round round() {
    Instant at = clock.instant();
    long nanos = System.nanoTime();
    List<MetricPoint> points = new ArrayList<>(host.collect(at, nanos));
    OptionalLong hostMemory = host.memoryTotal();
    int containerCount = 0;
    List<ContainerListing> listed = listContainers();
    if (listed != null) {
      containerCount = listed.size();
      points.addAll(containers.collect(at, nanos, listed, this::inspect, hostMemory));
    }
    List<HostCondition> conditions = checks.run(at);
    shipper.offer(points, conditions);
    rounds++;
    long cpu = processCpuNanos();
    if (lastCpuNanos >= 0 && rounds > 1) {
      cpuNanosAfterFirst += cpu - lastCpuNanos;
    }
    lastCpuNanos = cpu;
    long took = (System.nanoTime() - nanos) / 1_000_000;
    if (rounds == 1 || rounds % 60 == 0) {
      LOG.info("ECP-AGENT-100 round {}: {} container(s), {} point(s) in {} ms; {} buffered, {} delivered, {} dropped",
          rounds, containerCount, points.size(), took, shipper.buffered(), shipper.delivered(), shipper.dropped());
    } else {
      LOG.debug("ECP-AGENT-101 round {}: {} container(s), {} point(s) in {} ms", rounds, containerCount,
          points.size(), took);
    }
    return new Round(at, points, conditions, containerCount);
  }

  private List<ContainerListing> listContainers() {
    try {
      List<ContainerListing> listed = engine.list();
      if (engineDown) {
        LOG.info("ECP-AGENT-121 Docker engine {} answers again", config.docker());
        engineDown = false;
      }
      return listed;
    } catch (RuntimeException e) {
      if (!engineDown) {
        LOG.warn("ECP-AGENT-120 Docker engine {} does not answer: no container points until it does ({})",
            config.docker(), e.toString());
        engineDown = true;
      }
      return null;
    }
  }

  private Optional<ContainerDetails> inspect(String id) {
    try {
      return engine.inspect(id);
    } catch (RuntimeException e) {
      LOG.warn("ECP-AGENT-122 inspecting container {} failed: {}", id, e.toString());
      return Optional.empty();
    }
  }

  public ReportShipper shipper() {
    return shipper;
  }

  public Optional<AgentMembership> membership() {
    return Optional.ofNullable(membership);
  }

  public long inspections() {
    return containers.inspections();
  }

  /** Stops the rounds, ships what it can within a few seconds, leaves the registry. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    shipper.close(Duration.ofSeconds(5));
    if (membership != null) {
      membership.close();
    }
    engine.close();
    finished.countDown();
    if (rounds > 1) {
      LOG.info("ECP-AGENT-009 stopped after {} round(s): {} ms CPU per round after the first, RSS {} MB, "
          + "{} point(s) delivered, {} dropped, {} inspect call(s)", rounds,
          String.format("%.1f", cpuNanosAfterFirst / 1e6 / (rounds - 1)), rssMb(), shipper.delivered(),
          shipper.dropped(), containers.inspections());
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static long rssMb() {
    return ProcFiles.keyed(java.nio.file.Path.of("/proc/self/status"), "VmRSS").orElse(0) / (1024 * 1024);
  }

  private static String localName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
