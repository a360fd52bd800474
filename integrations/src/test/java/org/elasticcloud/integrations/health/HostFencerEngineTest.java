package org.elasticcloud.integrations.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.core.health.HostFencer;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.lab.PrivateDockerEngine;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.HostUnreachableException;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fencing against a real engine that goes away and comes back: a private dockerd (not the lab's
 * d1-d3) with live-restore, so that the containers on it survive its stop, as those of a host
 * whose engine was unreachable while the host ran on. Run under {@code flock /work/lab.lock}.
 */
class HostFencerEngineTest {
  private static final long HOST_ID = 7;
  private static PrivateDockerEngine engine;
  private static DockerEngines engines;
  private static ContainerRuntime runtime;
  private final Map<String, Container> inventory = new HashMap<>();

  @BeforeAll
  static void startEngine() {
    engine = new PrivateDockerEngine().start();
    engines = new DockerEngines(Duration.ofSeconds(1), Duration.ofSeconds(5));
    runtime = new DockerContainerRuntime(engines);
  }

  @AfterAll
  static void stopEngine() {
    if (engines != null) {
      engines.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  private ContainerSpec platformContainer(String name, int generation) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ContainerBlueprint.LABEL_APP, "fence");
    labels.put(ContainerBlueprint.LABEL_CONTAINER, name);
    labels.put(ContainerBlueprint.LABEL_GENERATION, Integer.toString(generation));
    return new ContainerSpec(name, PrivateDockerEngine.IMAGE, new Resources(0.1, 32, 1), labels, Map.of(), "none", null,
        null, List.of(), List.of("sleep", "3600"));
  }

  private void record(String name, Long hostId, int generation) {
    inventory.put(name, new Container((long) inventory.size() + 1, 1L, hostId, name, null, null, null, null,
        ContainerState.RUNNING, generation));
  }

  private List<String> running() {
    return runtime.list(engine.endpoint(), Map.of()).stream().filter(ContainerStatus::running)
        .map(ContainerStatus::name).sorted().toList();
  }

  @Test
  void aReturningEngine_losesThePlatformsStaleCopies_andAfterDownEverythingThePlatformHadThere() {
    Host host = new Host(HOST_ID, 1L, "private-d7", 2, 4096L, 10L, engine.endpoint(), HostState.DOWN);
    runtime.run(engine.endpoint(), platformContainer("fence-current", 2));
    record("fence-current", HOST_ID, 2);
    runtime.run(engine.endpoint(), platformContainer("fence-moved", 2));
    record("fence-moved", 9L, 3);
    runtime.run(engine.endpoint(), platformContainer("fence-stale", 1));
    record("fence-stale", HOST_ID, 2);
    runtime.run(engine.endpoint(), new ContainerSpec("someone-elses", PrivateDockerEngine.IMAGE,
        new Resources(0.1, 32, 1), Map.of("com.example.owner", "ops"), Map.of(), "none", null, null, List.of(),
        List.of("sleep", "3600")));
    assertThat(running()).containsExactly("fence-current", "fence-moved", "fence-stale", "someone-elses");

    // the engine goes away: the platform cannot reach it, but its containers live on
    engine.stop();
    assertThatThrownBy(() -> runtime.ping(engine.endpoint())).isInstanceOf(HostUnreachableException.class);
    HostFencer fencer = new HostFencer(runtime, name -> Optional.ofNullable(inventory.get(name)));

    engine.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.answers());
    assertThat(running()).as("live-restore kept them: this is what fencing is for")
        .containsExactly("fence-current", "fence-moved", "fence-stale", "someone-elses");

    // a FAULTY host's return: only copies the inventory places elsewhere (or older) go
    HostFencer.Report faulty = fencer.fence(host, false);
    assertThat(faulty.complete()).isTrue();
    assertThat(faulty.removed()).containsExactlyInAnyOrder("fence-moved", "fence-stale");
    assertThat(running()).containsExactly("fence-current", "someone-elses");
    assertThat(faulty.summary()).contains("removed 2", "fence-moved@2", "on host 9", "fence-stale@1", "kept 1");

    // a DOWN host's return: everything the platform had there goes; others' containers stay
    HostFencer.Report down = fencer.fence(host, true);
    assertThat(down.removed()).containsExactly("fence-current");
    assertThat(down.summary()).contains("declared DOWN");
    assertThat(running()).containsExactly("someone-elses");
    assertThat(engine.runningContainers()).containsExactly("someone-elses");

    // repeating it is harmless
    HostFencer.Report again = fencer.fence(host, true);
    assertThat(again.removed()).isEmpty();
    assertThat(again.summary()).isEqualTo("no platform container had to go");
  }

  @Test
  void anEngineThatDoesNotAnswer_cannotBeFenced() {
    Host nowhere = new Host(HOST_ID, 1L, "nowhere", 2, 4096L, 10L, "unix:///run/ecloud-private/none.sock",
        HostState.DOWN);
    assertThatThrownBy(() -> new HostFencer(runtime, n -> Optional.empty()).fence(nowhere, true))
        .isInstanceOf(HostUnreachableException.class);
  }
}
