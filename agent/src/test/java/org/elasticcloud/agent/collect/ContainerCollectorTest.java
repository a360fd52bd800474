package org.elasticcloud.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.elasticcloud.agent.collect.ContainerListing.Health;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Container metrics over a fake machine's files, cgroup v1 (per-controller hierarchies, as on
 * this machine and the lab's engines) and v2 (unified): two rounds ten seconds apart.
 */
class ContainerCollectorTest {
  private static final String PARENT = "/lab-d1";
  private static final String BURNER = "a1".repeat(32);
  private static final String IDLE = "b2".repeat(32);
  private static final long SECOND = 1_000_000_000L;
  private static final long HOST_MEMORY = 24L << 30;
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

  @TempDir
  Path dir;

  private final Map<String, ContainerDetails> engine = new HashMap<>();
  private final List<String> inspected = new ArrayList<>();
  private final Function<String, Optional<ContainerDetails>> inspect = id -> {
    inspected.add(id);
    return Optional.ofNullable(engine.get(id));
  };

  private static ContainerListing listing(String id, String name, boolean running, Health health) {
    return new ContainerListing(id, name, running, health, Map.of("org.elasticcloud.app", "shop",
        "org.elasticcloud.env", "prod", "org.elasticcloud.group", "web", "other", "x"));
  }

  private static Map<Metric, Double> of(List<MetricPoint> points, String name) {
    Map<Metric, Double> m = new EnumMap<>(Metric.class);
    points.stream().filter(p -> p.subject().name().equals(name)).forEach(p -> m.put(p.metric(), p.value()));
    return m;
  }

  private FakeMachine machine(boolean v2) {
    FakeMachine fm = new FakeMachine(dir, v2);
    fm.process(4101, PARENT, BURNER);
    fm.process(4202, PARENT, IDLE);
    fm.cpuUsed(PARENT, BURNER, 50 * SECOND);
    fm.cpuUsed(PARENT, IDLE, 2 * SECOND);
    fm.memory(PARENT, BURNER, 30_000_000, 10_000_000, 64L << 20);
    fm.memory(PARENT, IDLE, 5_000_000, 1_000_000, -1);
    fm.netDev(4101, 1_000_000, 2_000_000);
    fm.netDev(4202, 0, 0);
    fm.tcp(4101, 3, 2);
    fm.tcp(4202, 0, 1);
    fm.threads(4101, PARENT, BURNER, List.of(new long[] {4101, 'R'}, new long[] {4105, 'R'}, new long[] {4106, 'S'}));
    FakeMachine.write(dir.resolve("docker/overlay2/burner/diff/tmp/scratch"), "x".repeat(4000));
    FakeMachine.write(dir.resolve("docker/overlay2/burner/diff/etc/hosts"), "x".repeat(96));
    FakeMachine.write(dir.resolve("docker/volumes/data/_data/db/file"), "y".repeat(10_000));
    FakeMachine.mkdirs(dir.resolve("docker/overlay2/idle/diff"));
    engine.put(BURNER, new ContainerDetails(BURNER, 4101, PARENT, dir.resolve("docker/overlay2/burner/diff"),
        List.of(dir.resolve("docker/volumes/data/_data"))));
    engine.put(IDLE, new ContainerDetails(IDLE, 4202, PARENT, dir.resolve("docker/overlay2/idle/diff"), List.of()));
    return fm;
  }

  private ContainerCollector collector(FakeMachine fm, String parentFilter) {
    return new ContainerCollector("d1", fm.proc, new Cgroups(fm.cgroup), parentFilter, Duration.ofMinutes(1),
        ProcFiles.ConnectionSource.SNMP);
  }

  @ParameterizedTest(name = "cgroup v2 = {0}")
  @ValueSource(booleans = {false, true})
  void twoRounds_giveRatesCountsMemoryLoadAndDisk(boolean v2) {
    FakeMachine fm = machine(v2);
    ContainerCollector c = collector(fm, "");
    assertThat(new Cgroups(fm.cgroup).unified()).isEqualTo(v2);
    List<ContainerListing> listed = List.of(listing(BURNER, "shop-prod-web-1", true, Health.NONE),
        listing(IDLE, "shop-prod-web-2", true, Health.HEALTHY));

    List<MetricPoint> first = c.collect(T0, 100 * SECOND, listed, inspect, OptionalLong.of(HOST_MEMORY));
    assertThat(of(first, "shop-prod-web-1")).doesNotContainKeys(Metric.CPU, Metric.NET_IN, Metric.NET_OUT)
        .containsEntry(Metric.LIVENESS, 1.0);

    // ten seconds later: the burner used 9.5 s of CPU (95 %), received 500 kB and sent 1 MB
    fm.cpuUsed(PARENT, BURNER, 59_500_000_000L);
    fm.cpuUsed(PARENT, IDLE, 2 * SECOND + 10_000_000);
    fm.netDev(4101, 1_500_000, 3_000_000);
    Instant t1 = T0.plusSeconds(10);
    List<MetricPoint> second = c.collect(t1, 110 * SECOND, listed, inspect, OptionalLong.of(HOST_MEMORY));

    Map<Metric, Double> burner = of(second, "shop-prod-web-1");
    assertThat(burner.get(Metric.CPU)).isCloseTo(95.0, within(0.01));
    assertThat(burner.get(Metric.NET_IN)).isCloseTo(50_000.0, within(0.01));
    assertThat(burner.get(Metric.NET_OUT)).isCloseTo(100_000.0, within(0.01));
    assertThat(burner.get(Metric.CONNECTIONS)).isEqualTo(3.0);
    assertThat(burner.get(Metric.MEMORY)).isEqualTo(20_000_000.0);
    assertThat(burner.get(Metric.MEMORY_LIMIT)).isEqualTo((double) (64L << 20));
    assertThat(burner.get(Metric.LOAD)).isEqualTo(2.0);
    assertThat(burner.get(Metric.DISK)).isEqualTo(14_096.0);
    assertThat(burner.get(Metric.LIVENESS)).isEqualTo(1.0);

    Map<Metric, Double> idle = of(second, "shop-prod-web-2");
    assertThat(idle.get(Metric.CPU)).isCloseTo(0.1, within(0.001));
    assertThat(idle.get(Metric.NET_IN)).isZero();
    assertThat(idle.get(Metric.CONNECTIONS)).isZero();
    assertThat(idle.get(Metric.MEMORY)).isEqualTo(4_000_000.0);
    assertThat(idle.get(Metric.MEMORY_LIMIT)).as("no limit: the host's memory").isEqualTo((double) HOST_MEMORY);
    assertThat(idle.get(Metric.LOAD)).isZero();
    assertThat(idle.get(Metric.DISK)).isZero();
    assertThat(idle.get(Metric.LIVENESS)).isEqualTo(1.0);

    MetricPoint any = second.get(0);
    assertThat(any.at()).isEqualTo(t1);
    assertThat(any.subject()).isEqualTo(new Subject(SubjectKind.CONTAINER, any.subject().name(), "d1", "shop", "prod",
        "web", null));
    assertThat(inspected).as("inspected once each, not every round").containsExactlyInAnyOrder(BURNER, IDLE);
  }

  @ParameterizedTest(name = "cgroup v2 = {0}")
  @ValueSource(booleans = {false, true})
  void stoppedUnhealthyAndGoneContainers(boolean v2) {
    FakeMachine fm = machine(v2);
    ContainerCollector c = collector(fm, "");
    c.collect(T0, SECOND, List.of(listing(BURNER, "a", true, Health.NONE), listing(IDLE, "b", true, Health.NONE)),
        inspect, OptionalLong.of(HOST_MEMORY));

    // the burner stopped (the engine inspects it with pid 0), the idle one fails its health check
    engine.put(BURNER, new ContainerDetails(BURNER, 0, PARENT, null, List.of()));
    List<MetricPoint> round = c.collect(T0.plusSeconds(10), 11 * SECOND, List.of(
        listing(BURNER, "a", false, Health.NONE), listing(IDLE, "b", true, Health.UNHEALTHY)), inspect,
        OptionalLong.of(HOST_MEMORY));
    assertThat(of(round, "a")).containsOnlyKeys(Metric.LIVENESS).containsEntry(Metric.LIVENESS, 0.0);
    assertThat(of(round, "b")).containsEntry(Metric.LIVENESS, 0.0).containsKey(Metric.CPU);
    assertThat(inspected).as("the stopped one again, for its new state").containsExactlyInAnyOrder(BURNER, IDLE, BURNER);

    // a health check still starting is not yet alive; a removed container has no points
    round = c.collect(T0.plusSeconds(20), 21 * SECOND, List.of(listing(IDLE, "b", true, Health.STARTING)), inspect,
        OptionalLong.of(HOST_MEMORY));
    assertThat(of(round, "a")).isEmpty();
    assertThat(of(round, "b")).containsEntry(Metric.LIVENESS, 0.0);
  }

  @ParameterizedTest(name = "cgroup v2 = {0}")
  @ValueSource(booleans = {false, true})
  void aRestartedContainerIsInspectedAgainAndItsCountersRestart(boolean v2) {
    FakeMachine fm = machine(v2);
    ContainerCollector c = collector(fm, "");
    List<ContainerListing> listed = List.of(listing(BURNER, "a", true, Health.NONE));
    c.collect(T0, SECOND, listed, inspect, OptionalLong.empty());
    // restarted between two rounds: a new main process, the cgroup's counter back near zero
    fm.process(4999, PARENT, BURNER);
    fm.cpuUsed(PARENT, BURNER, SECOND);
    deleteTree(fm.proc.resolve("4101"));
    engine.put(BURNER, new ContainerDetails(BURNER, 4999, PARENT, null, List.of()));
    List<MetricPoint> round = c.collect(T0.plusSeconds(10), 11 * SECOND, listed, inspect, OptionalLong.empty());
    assertThat(of(round, "a")).as("no negative CPU").doesNotContainKey(Metric.CPU).containsEntry(Metric.LIVENESS, 1.0);
    assertThat(inspected).containsExactly(BURNER, BURNER);
    fm.cpuUsed(PARENT, BURNER, 3 * SECOND);
    round = c.collect(T0.plusSeconds(20), 21 * SECOND, listed, inspect, OptionalLong.empty());
    assertThat(of(round, "a").get(Metric.CPU)).isCloseTo(20.0, within(0.01));
  }

  @ParameterizedTest(name = "cgroup v2 = {0}")
  @ValueSource(booleans = {false, true})
  void theParentFilterKeepsOnlyItsContainers(boolean v2) {
    FakeMachine fm = machine(v2);
    String other = "c3".repeat(32);
    fm.process(4303, "/docker", other);
    fm.cpuUsed("/docker", other, SECOND);
    engine.put(other, new ContainerDetails(other, 4303, "", null, List.of()));
    ContainerCollector c = collector(fm, "/lab-d1/");
    List<MetricPoint> round = c.collect(T0, SECOND, List.of(listing(BURNER, "mine", true, Health.NONE),
        listing(other, "theirs", true, Health.NONE)), inspect, OptionalLong.empty());
    assertThat(of(round, "mine")).isNotEmpty();
    assertThat(of(round, "theirs")).isEmpty();

    // an engine-wide --cgroup-parent leaves HostConfig.CgroupParent empty: the container is placed by
    // the cgroup it runs in, and once stopped (no cgroup any more) by the one it ran in
    engine.put(BURNER, new ContainerDetails(BURNER, 0, "", null, List.of()));
    round = c.collect(T0.plusSeconds(10), 11 * SECOND, List.of(listing(BURNER, "mine", false, Health.NONE),
        listing(other, "theirs", false, Health.NONE)), inspect, OptionalLong.empty());
    assertThat(of(round, "mine")).containsOnlyKeys(Metric.LIVENESS);
    assertThat(of(round, "theirs")).isEmpty();
  }

  private static void deleteTree(Path p) {
    try (var s = java.nio.file.Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
