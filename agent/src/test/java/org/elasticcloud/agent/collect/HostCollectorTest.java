package org.elasticcloud.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's metrics over a fake /proc of a 2-CPU machine. */
class HostCollectorTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir
  Path dir;

  /** {@code stat} as the kernel writes it: user nice system idle iowait irq softirq steal guest guest_nice. */
  private void procStat(Path proc, long user, long system, long idle, long iowait, long softirq) {
    FakeMachine.write(proc.resolve("stat"), String.format(
        "cpu  %d 0 %d %d %d 0 %d 0 0 0%ncpu0 %d 0 %d %d %d 0 %d 0 0 0%ncpu1 %d 0 %d %d %d 0 %d 0 0 0%n"
            + "intr 123 0 0%nctxt 456%nbtime 1795700000%nprocesses 30000%nprocs_running 3%nprocs_blocked 0%n",
        user, system, idle, iowait, softirq, user / 2, system / 2, idle / 2, iowait / 2, softirq / 2, user / 2,
        system / 2, idle / 2, iowait / 2, softirq / 2));
  }

  private static Map<Metric, Double> values(List<MetricPoint> points) {
    Map<Metric, Double> m = new EnumMap<>(Metric.class);
    points.forEach(p -> m.put(p.metric(), p.value()));
    return m;
  }

  @Test
  void twoRounds_giveTheHostsEightMetricsAndItsMemoryLimit() {
    Path proc = dir.resolve("proc");
    procStat(proc, 10_000, 2_000, 50_000, 1_000, 100);
    FakeMachine.write(proc.resolve("meminfo"), "MemTotal:       24684084 kB\nMemFree:        19430240 kB\n"
        + "MemAvailable:   22380108 kB\nBuffers:          123 kB\n");
    FakeMachine.write(proc.resolve("loadavg"), "3.69 2.16 1.18 3/563 30996\n");
    FakeMachine.write(proc.resolve("net/dev"), FakeMachine.netDevText(10_000, 20_000));
    FakeMachine.write(proc.resolve("net/tcp"), FakeMachine.tcpText(4, 3, false));
    FakeMachine.write(proc.resolve("net/tcp6"), FakeMachine.tcpText(1, 1, true));
    FakeMachine.write(proc.resolve("net/snmp"), FakeMachine.snmpText(5));
    HostCollector c = new HostCollector("d1", proc, dir, ProcFiles.ConnectionSource.SNMP);
    Instant t0 = Instant.parse("2026-11-26T12:00:00Z");

    Map<Metric, Double> first = values(c.collect(t0, 5 * SECOND));
    assertThat(first).doesNotContainKeys(Metric.CPU, Metric.NET_IN).containsEntry(Metric.LIVENESS, 1.0);

    // 10 s on 2 CPUs = 2000 jiffies: 1500 busy (user 1200, system 200, softirq 100), 500 idle and iowait
    procStat(proc, 11_200, 2_200, 50_400, 1_100, 200);
    FakeMachine.write(proc.resolve("net/dev"), FakeMachine.netDevText(30_000, 25_000));
    List<MetricPoint> points = c.collect(t0.plusSeconds(10), 15 * SECOND);
    Map<Metric, Double> m = values(points);
    assertThat(m.get(Metric.CPU)).as("75 percent of 2 CPUs = 150 percent of one core").isCloseTo(150.0, within(0.01));
    assertThat(m.get(Metric.NET_IN)).isCloseTo(2_000.0, within(0.01));
    assertThat(m.get(Metric.NET_OUT)).isCloseTo(500.0, within(0.01));
    assertThat(m.get(Metric.CONNECTIONS)).isEqualTo(5.0);
    assertThat(m.get(Metric.MEMORY)).isEqualTo((24684084.0 - 22380108.0) * 1024);
    assertThat(m.get(Metric.MEMORY_LIMIT)).isEqualTo(24684084.0 * 1024);
    assertThat(m.get(Metric.LOAD)).isEqualTo(3.69);
    assertThat(m.get(Metric.DISK)).isPositive();
    assertThat(m.get(Metric.LIVENESS)).isEqualTo(1.0);
    assertThat(points).allSatisfy(p -> assertThat(p.subject()).isEqualTo(Subject.host("d1")));
  }
}
