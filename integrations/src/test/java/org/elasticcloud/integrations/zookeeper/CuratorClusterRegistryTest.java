package org.elasticcloud.integrations.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.elasticcloud.core.port.ClusterRegistry.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry on a real in-process ZooKeeper: members appear, and vanish with their session. */
class CuratorClusterRegistryTest {
  private EmbeddedZooKeeper zk;
  private CuratorFramework a;
  private CuratorFramework b;

  @BeforeEach
  void start() throws Exception {
    zk = new EmbeddedZooKeeper(0, Files.createTempDirectory("zk-test").toFile());
    a = client();
    b = client();
  }

  private CuratorFramework client() throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.builder().connectString(zk.connectString())
        .sessionTimeoutMs(3000).connectionTimeoutMs(3000).retryPolicy(new RetryOneTime(100)).build();
    c.start();
    assertThat(c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @AfterEach
  void stop() throws Exception {
    a.close();
    b.close();
    zk.close();
  }

  @Test
  void membersOfEveryRoleAreListed() {
    CuratorClusterRegistry ra = new CuratorClusterRegistry(a, "/ecloud");
    CuratorClusterRegistry rb = new CuratorClusterRegistry(b, "/ecloud");
    Instant since = Instant.parse("2026-11-26T10:00:00Z");
    ra.join(new Member("node-a", "platform", "http://127.0.0.1:8080", since));
    rb.join(new Member("agent-d1", "agent", "unix:///run/d1.sock", since));

    await().atMost(Duration.ofSeconds(5)).until(() -> ra.members().size() == 2);
    assertThat(rb.members()).containsExactly(
        new Member("agent-d1", "agent", "unix:///run/d1.sock", since),
        new Member("node-a", "platform", "http://127.0.0.1:8080", since));
  }

  @Test
  void aMemberWhoseSessionEndsDisappears() {
    CuratorClusterRegistry ra = new CuratorClusterRegistry(a, "/ecloud");
    CuratorClusterRegistry rb = new CuratorClusterRegistry(b, "/ecloud");
    rb.join(new Member("node-b", "platform", "http://127.0.0.1:8081", Instant.now()));
    await().atMost(Duration.ofSeconds(5)).until(() -> ra.members().size() == 1);

    b.close(); // the process is gone: its session ends, the ephemeral node with it
    await().atMost(Duration.ofSeconds(10)).until(() -> ra.members().isEmpty());
  }

  @Test
  void leavingRemovesOnlyThatMember() {
    CuratorClusterRegistry ra = new CuratorClusterRegistry(a, "/ecloud");
    Member one = new Member("n1", "platform", "x", Instant.now());
    Member two = new Member("n2", "platform", "y", Instant.now());
    ra.join(one);
    ra.join(two);
    await().atMost(Duration.ofSeconds(5)).until(() -> ra.members().size() == 2);
    ra.leave(one);
    await().atMost(Duration.ofSeconds(5)).until(() -> ra.members().equals(java.util.List.of(two)));
  }

  @Test
  void anEmptyRegistryHasNoMembers() {
    assertThat(new CuratorClusterRegistry(a, "/nothing-here").members()).isEmpty();
  }
}
