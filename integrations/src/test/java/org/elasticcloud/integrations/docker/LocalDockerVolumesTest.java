package org.elasticcloud.integrations.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.Mount;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.port.contract.VolumesContract;
import org.elasticcloud.integrations.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The volume contract on local Docker volumes, on the lab's engines, plus data surviving a move. */
class LocalDockerVolumesTest extends VolumesContract {
  private static DockerEngines engines;
  private static LocalDockerVolumes volumes;
  private static Path root;

  @BeforeAll
  static void setUp() throws IOException {
    engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(30));
    root = TestFiles.labTempDir("volumes-test-");
    volumes = new LocalDockerVolumes(engines, root, host -> DockerContainerRuntimeTest.engine(
        Integer.parseInt(host.substring(1))));
  }

  @AfterAll
  static void tearDown() throws IOException {
    engines.close();
    TestFiles.deleteTree(root);
  }

  @Override
  protected Volumes volumes() {
    return volumes;
  }

  @Override
  protected String host(int n) {
    return "d" + n;
  }

  @Test
  void aFileWrittenOnOneHostIsThereAfterMovingToAnother() {
    ContainerRuntime runtime = new DockerContainerRuntime(engines);
    String vol = name("mig");
    volumes.create(vol, 1);
    String source = volumes.attach(vol, "d1");
    ContainerSpec writer = new ContainerSpec(name("writer"), "ecloud/os:1", new Resources(0.2, 32, 1), Map.of(),
        Map.of(), null, null, null, List.of(new Mount(source, "/data", false)),
        List.of("sh", "-c", "echo before-migration > /data/proof.txt"));
    runtime.run(DockerContainerRuntimeTest.engine(1), writer);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> !runtime.inspect(DockerContainerRuntimeTest.engine(1), writer.name()).orElseThrow().running());
    runtime.remove(DockerContainerRuntimeTest.engine(1), writer.name());
    volumes.detach(vol, "d1");

    String moved = volumes.attach(vol, "d3");
    ContainerSpec reader = new ContainerSpec(name("reader"), "ecloud/os:1", new Resources(0.2, 32, 1), Map.of(),
        Map.of(), null, null, null, List.of(new Mount(moved, "/data", true)),
        List.of("sh", "-c", "grep -q before-migration /data/proof.txt"));
    try {
      runtime.run(DockerContainerRuntimeTest.engine(3), reader);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> !runtime.inspect(DockerContainerRuntimeTest.engine(3), reader.name()).orElseThrow().running());
      assertThat(runtime.inspect(DockerContainerRuntimeTest.engine(3), reader.name()).orElseThrow().exitCode()).isZero();
    } finally {
      runtime.remove(DockerContainerRuntimeTest.engine(3), reader.name());
      volumes.detach(vol, "d3");
    }
  }
}
