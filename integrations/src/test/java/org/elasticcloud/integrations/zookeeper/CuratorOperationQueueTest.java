package org.elasticcloud.integrations.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.contract.OperationQueueContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operation queue on a real in-process ZooKeeper, with two clients standing for two platform nodes. */
class CuratorOperationQueueTest extends OperationQueueContract {
  private static EmbeddedZooKeeper zk;
  private static CuratorFramework nodeA;
  private static CuratorFramework nodeB;
  private static CuratorOperationQueue a;
  private static CuratorOperationQueue b;

  /** One server and two clients for the whole class: the contract's clean-up runs after each test. */
  @BeforeAll
  static void start() throws Exception {
    zk = new EmbeddedZooKeeper(0, Files.createTempDirectory("zk-queue").toFile());
    nodeA = client();
    nodeB = client();
    a = new CuratorOperationQueue(nodeA, "/ecloud");
    b = new CuratorOperationQueue(nodeB, "/ecloud");
  }

  @AfterAll
  static void stop() throws Exception {
    a.close();
    b.close();
    nodeA.close();
    nodeB.close();
    zk.close();
  }

  private static CuratorFramework client() throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.newClient(zk.connectString(), new RetryOneTime(100));
    c.start();
    assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @Override
  protected OperationQueue queue() {
    return a;
  }

  @Override
  protected OperationQueue otherNode() {
    return b;
  }

  @Test
  void aTicketOutlivesTheSessionThatMadeIt() throws Exception {
    CuratorFramework dying = client();
    new CuratorOperationQueue(dying, "/ecloud").enqueue("outlive", "op-outlive", "made by a node that dies");
    dying.close();
    assertThat(b.head("outlive")).map(OperationQueue.Ticket::operationId).contains("op-outlive");
    assertThat(b.release("outlive", "op-outlive")).isTrue();
  }
}
