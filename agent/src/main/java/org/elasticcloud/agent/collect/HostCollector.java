package org.elasticcloud.agent.collect;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;

/**
 * The host's own metrics from {@code <proc>}: CPU from {@code stat} (percent of one core, so a
 * busy 2-core host reports 200), connections from {@code net/snmp} (or {@code net/tcp[6]}), memory from
 * {@code meminfo} (MemTotal − MemAvailable, limit MemTotal), network from {@code net/dev}, load
 * from {@code loadavg}, and the root file system's use. Liveness is 1: the agent answers.
 */
public class HostCollector {
  private final Subject subject;
  private final Path procRoot;
  private final Path rootFs;
  private final ProcFiles.ConnectionSource connections;
  private CpuTimes lastCpu;
  private ProcFiles.NetBytes lastNet;
  private long lastNanos;

  public HostCollector(String host, Path procRoot, Path rootFs, ProcFiles.ConnectionSource connections) {
    this.subject = Subject.host(host);
    this.procRoot = procRoot;
    this.rootFs = rootFs;
    this.connections = connections;
  }

  /** Jiffies of all CPUs: busy and total, and how many CPUs. */
  record CpuTimes(long busy, long total, int cpus) {
  }

  /** The host's memory (MemTotal), the limit of containers that have none. */
  public OptionalLong memoryTotal() {
    return ProcFiles.keyed(procRoot.resolve("meminfo"), "MemTotal");
  }

  public List<MetricPoint> collect(Instant at, long nanos) {
    List<MetricPoint> points = new ArrayList<>();
    points.add(point(at, Metric.LIVENESS, 1));
    Optional<CpuTimes> cpu = cpuTimes();
    Optional<ProcFiles.NetBytes> net = ProcFiles.netDev(procRoot.resolve("net").resolve("dev"));
    if (lastNanos != 0 && nanos > lastNanos) {
      double seconds = (nanos - lastNanos) / 1e9;
      if (cpu.isPresent() && lastCpu != null && cpu.get().total() > lastCpu.total()
          && cpu.get().busy() >= lastCpu.busy()) {
        double share = (double) (cpu.get().busy() - lastCpu.busy()) / (cpu.get().total() - lastCpu.total());
        points.add(point(at, Metric.CPU, ContainerCollector.round2(share * cpu.get().cpus() * 100)));
      }
      if (net.isPresent() && lastNet != null && net.get().in() >= lastNet.in() && net.get().out() >= lastNet.out()) {
        points.add(point(at, Metric.NET_IN, ContainerCollector.round2((net.get().in() - lastNet.in()) / seconds)));
        points.add(point(at, Metric.NET_OUT, ContainerCollector.round2((net.get().out() - lastNet.out()) / seconds)));
      }
    }
    lastCpu = cpu.orElse(null);
    lastNet = net.orElse(null);
    lastNanos = nanos;
    ProcFiles.establishedTcp(procRoot.resolve("net"), connections)
        .ifPresent(n -> points.add(point(at, Metric.CONNECTIONS, n)));
    OptionalLong total = memoryTotal();
    OptionalLong available = ProcFiles.keyed(procRoot.resolve("meminfo"), "MemAvailable");
    if (total.isPresent() && available.isPresent()) {
      points.add(point(at, Metric.MEMORY, total.getAsLong() - available.getAsLong()));
    }
    total.ifPresent(t -> points.add(point(at, Metric.MEMORY_LIMIT, t)));
    ProcFiles.read(procRoot.resolve("loadavg")).ifPresent(text -> {
      try {
        points.add(point(at, Metric.LOAD, Double.parseDouble(text.trim().split("\\s+")[0])));
      } catch (NumberFormatException e) {
        // a malformed loadavg: no load point this round
      }
    });
    diskUsed().ifPresent(d -> points.add(point(at, Metric.DISK, d)));
    return points;
  }

  private MetricPoint point(Instant at, Metric metric, double value) {
    return new MetricPoint(at, subject, metric, value);
  }

  /** From the first line of {@code stat}: busy = total − idle − iowait; guest time is inside user. */
  private Optional<CpuTimes> cpuTimes() {
    Optional<List<String>> lines = ProcFiles.lines(procRoot.resolve("stat"));
    if (lines.isEmpty() || lines.get().isEmpty()) {
      return Optional.empty();
    }
    int cpus = 0;
    CpuTimes all = null;
    for (String line : lines.get()) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
          total += ProcFiles.parseLong(f[i]).orElse(0);
        }
        long idle = ProcFiles.parseLong(f[4]).orElse(0) + (f.length > 5 ? ProcFiles.parseLong(f[5]).orElse(0) : 0);
        all = new CpuTimes(total - idle, total, 0);
      } else if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
        cpus++;
      }
    }
    return all == null ? Optional.empty() : Optional.of(new CpuTimes(all.busy(), all.total(), Math.max(cpus, 1)));
  }

  private OptionalLong diskUsed() {
    try {
      FileStore store = Files.getFileStore(rootFs);
      return OptionalLong.of(store.getTotalSpace() - store.getUnallocatedSpace());
    } catch (IOException | SecurityException e) {
      return OptionalLong.empty();
    }
  }
}
