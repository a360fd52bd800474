package org.elasticcloud.integrations.openstack;


import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.port.contract.VolumesContract;
import org.elasticcloud.integrations.TestFiles;
import org.elasticcloud.integrations.VolumeMoveCheck;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.elasticcloud.integrations.docker.SharedDirectoryBinder;
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
    VolumeMoveCheck.fileSurvivesAMove(volumes, new DockerContainerRuntime(engines), name("mig"), "d1", engine(1), "d2",
        engine(2));
  }
}
