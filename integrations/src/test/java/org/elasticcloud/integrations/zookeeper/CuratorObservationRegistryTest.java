package org.elasticcloud.integrations.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.elasticcloud.core.port.ObservationRegistry.LogCollection;
import org.elasticcloud.core.port.ObservationRegistry.Monitoring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The observation registry on a real in-process ZooKeeper, read back by a second client (an agent). */
class CuratorObservationRegistryTest {
  private EmbeddedZooKeeper zk;
  private CuratorFramework platform;
  private CuratorFramework agent;

  private CuratorFramework client() throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.newClient(zk.connectString(), new RetryOneTime(100));
    c.start();
    assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @BeforeEach
  void start() throws Exception {
    zk = new EmbeddedZooKeeper(0, Files.createTempDirectory("zk-observe").toFile());
    platform = client();
    agent = client();
  }

  @AfterEach
  void stop() throws Exception {
    platform.close();
    agent.close();
    zk.close();
  }

  @Test
  void registrationsAreSeenByAnotherClientUpdatedAndForgotten() {
    CuratorObservationRegistry writer = new CuratorObservationRegistry(platform, "/ecloud");
    CuratorObservationRegistry reader = new CuratorObservationRegistry(agent, "/ecloud");
    writer.monitor(new Monitoring("cap-production-v2-1", "d1", "10.211.1.7", List.of("cpu", "memory")));
    writer.collectLogs(new LogCollection("cap-production-v2-1", "d1", List.of("/var/log/app/*.log"), 14));

    assertThat(reader.monitoring("cap-production-v2-1")).contains(
        new Monitoring("cap-production-v2-1", "d1", "10.211.1.7", List.of("cpu", "memory")));
    assertThat(reader.logCollection("cap-production-v2-1")).contains(
        new LogCollection("cap-production-v2-1", "d1", List.of("/var/log/app/*.log"), 14));
    assertThat(reader.monitored()).hasSize(1);

    writer.monitor(new Monitoring("cap-production-v2-1", "d3", "10.211.1.7", List.of("cpu")));
    assertThat(reader.monitoring("cap-production-v2-1").orElseThrow().hostName()).isEqualTo("d3");

    assertThat(writer.forget("cap-production-v2-1")).isTrue();
    assertThat(writer.forget("cap-production-v2-1")).isFalse();
    assertThat(reader.monitoring("cap-production-v2-1")).isEmpty();
    assertThat(reader.logCollection("cap-production-v2-1")).isEmpty();
    assertThat(reader.monitored()).isEmpty();
  }
}
