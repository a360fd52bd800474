package org.elasticcloud.integrations.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.HostSlots.Slot;
import org.elasticcloud.core.port.contract.HostSlotsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host-slot contract on a real in-process ZooKeeper, every node with its own Curator client
 * and session; a node dies by having its session closed under it (as a crashed JVM's session
 * ends), without releasing anything.
 */
class CuratorHostSlotsTest extends HostSlotsContract {
  private static final String BASE = "/ecloud-test";
  private static EmbeddedZooKeeper zk;
  private final Map<HostSlots, CuratorFramework> clients = new IdentityHashMap<>();

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zk = new EmbeddedZooKeeper(0, Files.createTempDirectory("zk-slots").toFile());
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    zk.close();
  }

  @AfterEach
  void closeClients() {
    clients.values().forEach(CuratorFramework::close);
    clients.clear();
  }

  private CuratorFramework client() throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.builder().connectString(zk.connectString())
        .sessionTimeoutMs(5_000).connectionTimeoutMs(5_000).retryPolicy(new ExponentialBackoffRetry(100, 3)).build();
    c.start();
    assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @Override
  protected HostSlots newNode(int slotsPerHost) {
    try {
      CuratorFramework c = client();
      HostSlots node = new CuratorHostSlots(c, BASE, slotsPerHost);
      clients.put(node, c);
      return node;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Closes the node's session from a second handle on the same session: the server ends it at once. */
  @Override
  protected void kill(HostSlots node) {
    try {
      ZooKeeper mine = clients.get(node).getZookeeperClient().getZooKeeper();
      CountDownLatch connected = new CountDownLatch(1);
      ZooKeeper twin = new ZooKeeper(zk.connectString(), 5_000, event -> {
        if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
          connected.countDown();
        }
      }, mine.getSessionId(), mine.getSessionPasswd());
      // closing a handle that never connected ends nothing on the server: wait for the connection
      assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
      twin.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot kill the session", e);
    }
  }

  @Test
  void leasesAreEphemeralNodesOfTheTakersSessionUnderTheBasePath() throws Exception {
    HostSlots node = newNode(1);
    CuratorFramework c = clients.get(node);
    String h = host("z");
    try (Slot slot = node.tryTake(h).orElseThrow()) {
      List<String> leases = c.getChildren().forPath(BASE + "/host-slots/" + h + "/leases");
      assertThat(leases).hasSize(1);
      Stat stat = c.checkExists().forPath(BASE + "/host-slots/" + h + "/leases/" + leases.get(0));
      assertThat(stat.getEphemeralOwner()).isEqualTo(c.getZookeeperClient().getZooKeeper().getSessionId());
    }
    assertThat(c.getChildren().forPath(BASE + "/host-slots/" + h + "/leases")).isEmpty();
  }

  @Test
  void badHostNamesAndCapsAreRefused() {
    HostSlots node = newNode(1);
    assertThatThrownBy(() -> node.tryTake("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> node.tryTake(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CuratorHostSlots(clients.get(node), BASE, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
