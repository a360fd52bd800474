package org.elasticcloud.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.scaling.ContainerBlueprint;

/**
 * The metrics of every container on the host, from files: cgroup counters (CPU, memory, tasks),
 * the container's network namespace through {@code <proc>/<pid>/net} (connections, bytes), and
 * the sizes of its writable layer and volumes. The engine is asked for the container list once a
 * round by the caller, and for inspect data only for a container not seen before (or started
 * again since): the answer is kept with the container's cgroup location.
 *
 * <p>Rates (CPU, network) come from the difference to the previous round; a container seen for
 * the first time, or whose counters went backwards (restarted), reports them from its next round.
 */
public class ContainerCollector {
  private final String host;
  private final Path procRoot;
  private final Cgroups cgroups;
  private final String parentFilter;
  private final long diskIntervalNanos;
  private final ProcFiles.ConnectionSource connections;
  private final Map<String, Tracked> tracked = new HashMap<>();
  private long inspections;

  /**
   * @param parentFilter only containers under this cgroup parent (e.g. {@code /lab-d1}), by their
   *     {@code HostConfig.CgroupParent} or, where that is empty (an engine-wide
   *     {@code --cgroup-parent}), by the cgroup they ran in; a container never seen running under
   *     such an engine cannot be placed and is left out. Empty: all containers.
   * @param diskInterval how often a container's disk use is measured again
   * @param connections where established connections are counted
   */
  public ContainerCollector(String host, Path procRoot, Cgroups cgroups, String parentFilter, Duration diskInterval,
      ProcFiles.ConnectionSource connections) {
    this.host = host;
    this.procRoot = procRoot;
    this.cgroups = cgroups;
    this.parentFilter = trimSlashes(parentFilter == null ? "" : parentFilter);
    this.diskIntervalNanos = diskInterval.toNanos();
    this.connections = connections;
  }

  /** A container's counters at one round, for the next round's rates. */
  private record Sample(long nanos, OptionalLong cpuNanos, Optional<ProcFiles.NetBytes> net) {
  }

  private static final class Tracked {
    final ContainerDetails details;
    final boolean running;
    final Cgroups.Location location;
    /** Its cgroup path when last seen running (a stopped container has no cgroup to read). */
    String cgroupPath;
    Sample last;
    long diskBytes = -1;
    long diskMeasuredNanos;

    Tracked(ContainerDetails details, boolean running, Cgroups.Location location) {
      this.details = details;
      this.running = running;
      this.location = location;
      this.cgroupPath = location == null ? null : location.anyPath();
    }
  }

  /**
   * One round.
   *
   * @param at the round's timestamp (on every point)
   * @param nanos a monotonic clock reading (for rates)
   * @param listed the engine's container list now
   * @param inspect the engine's inspect of one container (empty when it is gone meanwhile)
   * @param hostMemory the host's memory, the limit of a container without one
   */
  public List<MetricPoint> collect(Instant at, long nanos, List<ContainerListing> listed,
      Function<String, Optional<ContainerDetails>> inspect, OptionalLong hostMemory) {
    List<MetricPoint> points = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ContainerListing c : listed) {
      seen.add(c.id());
      Tracked t = track(c, inspect);
      if (t == null || !underParent(t)) {
        continue;
      }
      Map<String, String> labels = c.labels() == null ? Map.of() : c.labels();
      Subject subject = Subject.container(c.name(), host, labels.get(ContainerBlueprint.LABEL_APP),
          labels.get(ContainerBlueprint.LABEL_ENV), labels.get(ContainerBlueprint.LABEL_GROUP));
      points.add(new MetricPoint(at, subject, Metric.LIVENESS, c.alive() ? 1 : 0));
      if (c.running() && t.location != null) {
        measure(at, nanos, subject, t, hostMemory, points);
      }
    }
    tracked.keySet().retainAll(seen);
    return points;
  }

  /** How many times the engine was asked to inspect a container (for tests and the log). */
  public long inspections() {
    return inspections;
  }

  private Tracked track(ContainerListing c, Function<String, Optional<ContainerDetails>> inspect) {
    Tracked t = tracked.get(c.id());
    boolean stale = t == null || t.running != c.running()
        || (c.running() && !Files.isDirectory(procRoot.resolve(Long.toString(t.details.pid()))));
    if (!stale) {
      return t;
    }
    inspections++;
    Optional<ContainerDetails> details = inspect.apply(c.id());
    if (details.isEmpty()) {
      tracked.remove(c.id());
      return null;
    }
    long pid = details.get().pid();
    Cgroups.Location location = c.running() && pid > 0 ? Cgroups.ofProcess(procRoot, pid).orElse(null) : null;
    Tracked fresh = new Tracked(details.get(), c.running() && pid > 0, location);
    if (t != null && fresh.cgroupPath == null) {
      fresh.cgroupPath = t.cgroupPath;
    }
    if (t != null && fresh.location != null) {
      fresh.diskBytes = t.diskBytes; // same layer and volumes: the size stays valid until measured again
      fresh.diskMeasuredNanos = t.diskMeasuredNanos;
    }
    tracked.put(c.id(), fresh);
    return fresh;
  }

  private boolean underParent(Tracked t) {
    if (parentFilter.isEmpty()) {
      return true;
    }
    String parent = trimSlashes(t.details.cgroupParent() == null ? "" : t.details.cgroupParent());
    if (parent.equals(parentFilter)) {
      return true;
    }
    return t.cgroupPath != null && trimSlashes(t.cgroupPath).startsWith(parentFilter + "/");
  }

  private void measure(Instant at, long nanos, Subject subject, Tracked t, OptionalLong hostMemory,
      List<MetricPoint> points) {
    Path pidDir = procRoot.resolve(Long.toString(t.details.pid()));
    OptionalLong cpu = cgroups.cpuNanos(t.location);
    Optional<ProcFiles.NetBytes> net = ProcFiles.netDev(pidDir.resolve("net").resolve("dev"));
    Sample now = new Sample(nanos, cpu, net);
    Sample before = t.last;
    t.last = now;
    if (before != null && nanos > before.nanos()) {
      double seconds = (nanos - before.nanos()) / 1e9;
      if (cpu.isPresent() && before.cpuNanos().isPresent() && cpu.getAsLong() >= before.cpuNanos().getAsLong()) {
        double percent = (cpu.getAsLong() - before.cpuNanos().getAsLong()) / 1e9 / seconds * 100;
        points.add(new MetricPoint(at, subject, Metric.CPU, round2(percent)));
      }
      if (net.isPresent() && before.net().isPresent()) {
        long in = net.get().in() - before.net().get().in();
        long out = net.get().out() - before.net().get().out();
        if (in >= 0 && out >= 0) {
          points.add(new MetricPoint(at, subject, Metric.NET_IN, round2(in / seconds)));
          points.add(new MetricPoint(at, subject, Metric.NET_OUT, round2(out / seconds)));
        }
      }
    }
    ProcFiles.establishedTcp(pidDir.resolve("net"), connections)
        .ifPresent(n -> points.add(new MetricPoint(at, subject, Metric.CONNECTIONS, n)));
    cgroups.memoryUsed(t.location).ifPresent(m -> points.add(new MetricPoint(at, subject, Metric.MEMORY, m)));
    OptionalLong limit = cgroups.memoryLimit(t.location);
    OptionalLong effective = limit.isPresent() ? limit : hostMemory;
    effective.ifPresent(l -> points.add(new MetricPoint(at, subject, Metric.MEMORY_LIMIT, l)));
    cgroups.tasks(t.location).ifPresent(tasks -> points.add(new MetricPoint(at, subject, Metric.LOAD,
        runnable(tasks))));
    if (t.diskBytes < 0 || nanos - t.diskMeasuredNanos >= diskIntervalNanos) {
      t.diskBytes = diskUse(t.details);
      t.diskMeasuredNanos = nanos;
    }
    if (t.diskBytes >= 0) {
      points.add(new MetricPoint(at, subject, Metric.DISK, t.diskBytes));
    }
  }

  /** Tasks of the cgroup in state R. */
  private long runnable(List<Long> tasks) {
    long n = 0;
    for (long tid : tasks) {
      Optional<Character> state = ProcFiles.taskState(procRoot.resolve(Long.toString(tid)).resolve("stat"));
      if (state.isPresent() && state.get() == 'R') {
        n++;
      }
    }
    return n;
  }

  /** The writable layer plus every mounted host directory; -1 when none of them could be read. */
  private static long diskUse(ContainerDetails d) {
    long total = -1;
    List<Path> dirs = new ArrayList<>();
    if (d.upperDir() != null) {
      dirs.add(d.upperDir());
    }
    dirs.addAll(d.mountSources());
    for (Path dir : dirs) {
      OptionalLong size = ProcFiles.directorySize(dir);
      if (size.isPresent()) {
        total = Math.max(total, 0) + size.getAsLong();
      }
    }
    return total;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String trimSlashes(String s) {
    String t = s.trim();
    while (t.startsWith("/")) {
      t = t.substring(1);
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
