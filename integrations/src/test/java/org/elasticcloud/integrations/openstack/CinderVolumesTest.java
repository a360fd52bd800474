package org.elasticcloud.integrations.openstack;

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
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.elasticcloud.integrations.docker.SharedDirectoryBinder;
import org.elasticcloud.integrations.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The volume contract on the lab's real Cinder (records and attachments), bytes in the lab's
 * shared directory, plus a file surviving a move between hosts.
 */
class CinderVolumesTest extends VolumesContract {
  private static DockerEngines engines;
  private static CinderVolumes volumes;
  private static Path root;

  private static String engine(int n) {
    return NeutronNetworkPortsTest.env("ECLOUD_LAB_DOCKER_" + n);
  }

  @BeforeAll
  static void setUp() throws IOException {
    engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(30));
    root = TestFiles.labTempDir("cinder-test-");
    volumes = new CinderVolumes(NeutronNetworkPortsTest.session(),
        new SharedDirectoryBinder(engines, root, host -> engine(Integer.parseInt(host.substring(1)))));
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
    ContainerSpec writer = new ContainerSpec(name("w"), "ecloud/os:1", new Resources(0.2, 32, 1), Map.of(), Map.of(),
        null, null, null, List.of(new Mount(source, "/data", false)), List.of("sh", "-c", "echo cinder-bytes > /data/p"));
    runtime.run(engine(1), writer);
    await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.inspect(engine(1), writer.name()).orElseThrow().running());
    runtime.remove(engine(1), writer.name());
    volumes.detach(vol, "d1");

    String moved = volumes.attach(vol, "d2");
    assertThat(volumes.find(vol).orElseThrow().attachedHost()).isEqualTo("d2");
    ContainerSpec reader = new ContainerSpec(name("r"), "ecloud/os:1", new Resources(0.2, 32, 1), Map.of(), Map.of(),
        null, null, null, List.of(new Mount(moved, "/data", true)), List.of("sh", "-c", "grep -q cinder-bytes /data/p"));
    try {
      runtime.run(engine(2), reader);
      await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.inspect(engine(2), reader.name()).orElseThrow().running());
      assertThat(runtime.inspect(engine(2), reader.name()).orElseThrow().exitCode()).isZero();
    } finally {
      runtime.remove(engine(2), reader.name());
      volumes.detach(vol, "d2");
    }
  }
}
