package org.elasticcloud.integrations.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.ImageCenter;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The image center on the lab's real registry ({@code ECLOUD_LAB_REGISTRY}) and engines. */
class RegistryImageCenterTest {
  private final DockerEngines engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(60));
  private final ImageCenter center = new RegistryImageCenter(engines, env("ECLOUD_LAB_REGISTRY"));
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the tests with lab/test.sh");
    }
    return v;
  }

  private static String engine(int n) {
    return env("ECLOUD_LAB_DOCKER_" + n);
  }

  @AfterEach
  void close() {
    engines.close();
  }

  @Test
  void pushListAndPullAcrossHosts() {
    String repo = "test/os-" + run;
    String ref = center.push(engine(1), "ecloud/os:1", repo, "1");
    assertThat(ref).isEqualTo(env("ECLOUD_LAB_REGISTRY") + "/" + repo + ":1");
    assertThat(center.exists(repo, "1")).isTrue();
    assertThat(center.exists(repo, "2")).isFalse();
    assertThat(center.tags(repo)).containsExactly("1");
    assertThat(center.repositories()).contains(repo);

    center.pull(engine(2), repo, "1");
    assertThat(engines.client(engine(2)).inspectImageCmd(ref).exec().getId()).startsWith("sha256:");
  }

  @Test
  void anApplicationImageIsBuiltOnItsBaseAndRunsAnywhere() {
    center.push(engine(1), "ecloud/os:1", "test/base-" + run, "1");
    String app = center.buildApplication(engine(1), "test/base-" + run, "1",
        Map.of("hello.txt", "hello from the app layer".getBytes(StandardCharsets.UTF_8)),
        List.of("sh", "-c", "grep -q 'app layer' /opt/app/hello.txt"), "test/app-" + run, "7");
    assertThat(center.exists("test/app-" + run, "7")).isTrue();

    ContainerRuntime runtime = new DockerContainerRuntime(engines);
    String name = "reg-" + run;
    try {
      // the reference names the image center, so the engine of host 3 pulls it by itself
      runtime.run(engine(3), new ContainerSpec(name, app, new Resources(0.2, 32, 1), Map.of(), Map.of(), null, null,
          null, List.of(), List.of()));
      await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.inspect(engine(3), name).orElseThrow().running());
      assertThat(runtime.inspect(engine(3), name).orElseThrow().exitCode()).isZero();
    } finally {
      runtime.remove(engine(3), name);
    }
  }

  @Test
  void aContainerSnapshotIsPromotedToAnImageOfItsOwn() {
    ContainerRuntime runtime = new DockerContainerRuntime(engines);
    String name = "snap-" + run;
    try {
      runtime.run(engine(1), new ContainerSpec(name, "ecloud/os:1", new Resources(0.2, 32, 1), Map.of(), Map.of(), null,
          null, null, List.of(), List.of("sh", "-c", "echo snapshot-" + run + " > /marker; sleep 600")));
      await().atMost(Duration.ofSeconds(10)).until(() -> runtime.inspect(engine(1), name).orElseThrow().running());
      String imageId = runtime.commit(engine(1), name, "test/snap-" + run, "local");
      String ref = center.push(engine(1), imageId, "test/snap-" + run, "1");
      String probe = "snap-probe-" + run;
      try {
        runtime.run(engine(2), new ContainerSpec(probe, ref, new Resources(0.2, 32, 1), Map.of(), Map.of(), null, null,
            null, List.of(), List.of("sh", "-c", "grep -q snapshot-" + run + " /marker")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.inspect(engine(2), probe).orElseThrow().running());
        assertThat(runtime.inspect(engine(2), probe).orElseThrow().exitCode()).isZero();
      } finally {
        runtime.remove(engine(2), probe);
      }
    } finally {
      runtime.remove(engine(1), name);
    }
  }

  @Test
  void missingImagesAreTyped() {
    assertThatThrownBy(() -> center.pull(engine(1), "test/nothing-" + run, "1")).isInstanceOf(ImageNotFoundException.class);
    assertThatThrownBy(() -> center.push(engine(1), "ecloud/none:" + run, "test/none-" + run, "1"))
        .isInstanceOf(ImageNotFoundException.class);
    assertThat(center.tags("test/nothing-" + run)).isEmpty();
  }
}
