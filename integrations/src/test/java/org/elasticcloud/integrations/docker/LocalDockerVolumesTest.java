package org.elasticcloud.integrations.docker;


import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.port.contract.VolumesContract;
import org.elasticcloud.integrations.TestFiles;
import org.elasticcloud.integrations.VolumeMoveCheck;
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
    VolumeMoveCheck.fileSurvivesAMove(volumes, new DockerContainerRuntime(engines), name("mig"), "d1",
        DockerContainerRuntimeTest.engine(1), "d3", DockerContainerRuntimeTest.engine(3));
  }
}
