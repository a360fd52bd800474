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

  @Test
  void aWatchHearsTheMembersOfItsRole_thenEveryArrivalAndDeparture() {
    CuratorClusterRegistry watcher = new CuratorClusterRegistry(a, "/ecloud");
    CuratorClusterRegistry agents = new CuratorClusterRegistry(b, "/ecloud");
    Member d1 = new Member("d1", "agent", "x", Instant.now());
    agents.join(d1);
    agents.join(new Member("node-b", "platform", "y", Instant.now()));
    java.util.List<java.util.Set<String>> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch = watcher.watch("agent", heard::add)) {
      await().atMost(Duration.ofSeconds(5)).until(watch::initialized);
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(java.util.Set.of("d1")));

      agents.join(new Member("d2", "agent", "x", Instant.now()));
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.get(heard.size() - 1).equals(java.util.Set.of("d1", "d2")));
      agents.leave(d1);
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.get(heard.size() - 1).equals(java.util.Set.of("d2")));
      // platform members are another role: never heard
      assertThat(heard).noneMatch(s -> s.contains("node-b"));
      // the agent's process dies: its member goes with its session
      b.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.get(heard.size() - 1).isEmpty());
    }
    int before = heard.size();
    new CuratorClusterRegistry(a, "/ecloud").join(new Member("d3", "agent", "x", Instant.now()));
    await().atMost(Duration.ofSeconds(5)).until(() -> watcher.members().size() >= 1);
    assertThat(heard).hasSize(before); // closed: no more calls
  }

  @Test
  void aWatchOnARoleNobodyHasJoinedYet_startsEmptyAndHearsTheFirst() {
    CuratorClusterRegistry watcher = new CuratorClusterRegistry(a, "/ecloud");
    java.util.List<java.util.Set<String>> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch = watcher.watch("agent", heard::add)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(java.util.Set.of()));
      new CuratorClusterRegistry(b, "/ecloud").join(new Member("d1", "agent", "x", Instant.now()));
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(java.util.Set.of("d1")));
    }
  }
}
