package org.elasticcloud.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on the lab's engine d1 ({@code ECLOUD_LAB_DOCKER_1}, cgroup v1, cgroupfs under
 * {@code /lab-d1}) reading this machine's real /proc and cgroup files: a CPU burner, an idle
 * container that wrote half a megabyte, and one holding a TCP connection over its loopback.
 * Run under {@code flock /work/lab.lock}.
 */
class AgentLabTest {
  private static final String IMAGE = "ecloud/os:1";
  private static final long LIMIT = 64L << 20;
  @TempDir
  Path dir;
  private final String suffix = Long.toString(System.nanoTime() % 1_000_000);
  private final List<String> made = new ArrayList<>();
  private final DockerEngines engines = new DockerEngines(Duration.ofSeconds(3), Duration.ofSeconds(30));
  private DockerClient docker;
  private Agent agent;

  static String engine1() {
    String endpoint = System.getenv("ECLOUD_LAB_DOCKER_1");
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_DOCKER_1 is not set: run the tests with lab/test.sh "
          + "(or . /tmp/lab-env.sh)");
    }
    return endpoint;
  }

  @BeforeEach
  void connect() {
    docker = engines.client(engine1());
  }

  @AfterEach
  void cleanUp() {
    if (agent != null) {
      agent.close();
    }
    for (String name : made) {
      try {
        docker.removeContainerCmd(name).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException gone) {
        // already removed
      }
    }
    engines.close();
  }

  private String run(String role, String script) {
    String name = "agent-test-" + role + "-" + suffix;
    docker.createContainerCmd(IMAGE).withName(name).withCmd("sh", "-c", script)
        .withLabels(Map.of("org.elasticcloud.app", "agenttest", "org.elasticcloud.env", "lab",
            "org.elasticcloud.group", role, "org.elasticcloud.test", "agent"))
        .withHostConfig(HostConfig.newHostConfig().withMemory(LIMIT).withNetworkMode("none")).exec();
    made.add(name);
    docker.startContainerCmd(name).exec();
    return name;
  }

  private static Map<Metric, Double> of(Agent.Round round, String name) {
    Map<Metric, Double> m = new EnumMap<>(Metric.class);
    round.points().stream().filter(p -> p.subject().name().equals(name)).forEach(p -> m.put(p.metric(), p.value()));
    return m;
  }

  @Test
  void oneRoundOnARealEngine_showsEachContainersLoad() {
    String burner = run("burner", "while :; do :; done");
    String idle = run("idle", "dd if=/dev/zero of=/tmp/blob bs=1024 count=512 2>/dev/null; exec sleep 3600");
    String talker = run("talker", "sleep 3600 | nc -l -p 9000 >/dev/null & sleep 1; "
        + "exec sh -c 'sleep 3600 | nc 127.0.0.1 9000 >/dev/null'");
    agent = new Agent(AgentConfig.from(new String[] {"--host=d1", "--docker=" + engine1(),
        "--cgroup-parent=/lab-d1", "--kernel-log=" + dir.resolve("kern.log")}, Map.of()));

    // rates need two rounds; on a busy machine (2 cores, shared) a round may find the burner starved of
    // its core: wait for one that does not
    Agent.Round round = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
        .until(agent::round, r -> of(r, burner).getOrDefault(Metric.CPU, 0.0) > 50
            && of(r, talker).getOrDefault(Metric.CONNECTIONS, 0.0) >= 1
            && of(r, idle).getOrDefault(Metric.DISK, 0.0) >= 512 * 1024);

    Map<Metric, Double> b = of(round, burner);
    Map<Metric, Double> i = of(round, idle);
    Map<Metric, Double> t = of(round, talker);
    assertThat(b.get(Metric.CPU)).isGreaterThan(50);
    assertThat(i.get(Metric.CPU)).isLessThan(5);
    assertThat(t.get(Metric.CONNECTIONS)).isGreaterThanOrEqualTo(1);
    assertThat(i.get(Metric.CONNECTIONS)).isZero();
    for (Map<Metric, Double> c : List.of(b, i, t)) {
      assertThat(c.get(Metric.MEMORY)).isPositive();
      assertThat(c.get(Metric.MEMORY_LIMIT)).isEqualTo((double) LIMIT);
      assertThat(c.get(Metric.LIVENESS)).isEqualTo(1.0);
      assertThat(c).containsKeys(Metric.NET_IN, Metric.NET_OUT, Metric.LOAD, Metric.DISK);
    }
    assertThat(b.get(Metric.LOAD)).isGreaterThanOrEqualTo(0);
    assertThat(i.get(Metric.DISK)).isGreaterThanOrEqualTo(512 * 1024);
    MetricPoint any = round.points().stream().filter(p -> p.subject().name().equals(burner)).findFirst().orElseThrow();
    assertThat(any.subject().kind()).isEqualTo(SubjectKind.CONTAINER);
    assertThat(any.subject().host()).isEqualTo("d1");
    assertThat(any.subject().application()).isEqualTo("agenttest");
    assertThat(any.subject().group()).isEqualTo("burner");
    assertThat(of(round, "d1")).containsKeys(Metric.CPU, Metric.MEMORY, Metric.LOAD, Metric.DISK, Metric.CONNECTIONS);
    long inspections = agent.inspections();

    docker.stopContainerCmd(idle).withTimeout(1).exec();
    Agent.Round after = agent.round();
    assertThat(of(after, idle)).containsOnlyKeys(Metric.LIVENESS).containsEntry(Metric.LIVENESS, 0.0);
    assertThat(of(after, burner)).containsEntry(Metric.LIVENESS, 1.0);
    assertThat(agent.inspections()).as("only the stopped one inspected again").isEqualTo(inspections + 1);
  }
}
