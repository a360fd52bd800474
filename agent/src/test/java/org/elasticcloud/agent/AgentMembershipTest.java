package org.elasticcloud.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.Stat;
import org.elasticcloud.core.port.ClusterRegistry.Member;
import org.elasticcloud.integrations.zookeeper.CuratorClusterRegistry;
import org.elasticcloud.integrations.zookeeper.EmbeddedZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's registration on a real in-process ZooKeeper, seen as the platform sees it (its own
 * client and the same registry adapter under {@code /ecloud}): the host's member appears when the
 * agent starts, comes back after its session expired, and goes when the agent stops.
 */
class AgentMembershipTest {
  @TempDir
  Path dir;
  private EmbeddedZooKeeper zk;
  private CuratorFramework platform;
  private CuratorClusterRegistry platformView;
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    zk = new EmbeddedZooKeeper(0, Files.createDirectories(dir.resolve("zk")).toFile());
    platform = CuratorFrameworkFactory.builder().connectString(zk.connectString()).sessionTimeoutMs(10_000)
        .connectionTimeoutMs(5_000).retryPolicy(new RetryOneTime(100)).build();
    platform.start();
    assertThat(platform.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    platformView = new CuratorClusterRegistry(platform, "/ecloud");
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    platform.close();
    zk.close();
  }

  private List<Member> agents() {
    return platformView.members().stream().filter(m -> m.role().equals("agent")).toList();
  }

  @Test
  void theHostIsAMemberWhileItsAgentRuns() throws Exception {
    agent = new Agent(AgentConfig.from(new String[] {"--host=d7", "--zk-connect=" + zk.connectString(),
        "--zk-session-timeout=4s", "--docker=unix://" + dir.resolve("no-engine.sock"), "--interval=1s",
        "--kernel-log=" + dir.resolve("kern.log")}, Map.of()));
    agent.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> agents().size() == 1);
    Member member = agents().get(0);
    assertThat(member.id()).isEqualTo("d7");
    assertThat(member.address()).isEqualTo(ProcessHandle.current().pid() + "@"
        + java.net.InetAddress.getLocalHost().getHostName());

    // the session expires (as after a long pause or partition): the member is created again
    String path = "/ecloud/members/agent/d7";
    long before = platform.checkExists().forPath(path).getEphemeralOwner();
    agent.membership().orElseThrow().client().getZookeeperClient().getZooKeeper().getTestable()
        .injectSessionExpiration();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Stat s = platform.checkExists().forPath(path);
      return s != null && s.getEphemeralOwner() != before;
    });
    assertThat(agents()).extracting(Member::id).containsExactly("d7");

    long stopping = System.nanoTime();
    agent.close();
    agent = null;
    await().atMost(Duration.ofSeconds(10)).until(() -> agents().isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("left at once, not after the session timeout")
        .isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void withoutAConnectString_theAgentRunsUnregistered() throws Exception {
    agent = new Agent(AgentConfig.from(new String[] {"--host=d8", "--docker=unix://" + dir.resolve("none.sock"),
        "--kernel-log=" + dir.resolve("kern.log")}, Map.of()));
    agent.start();
    assertThat(agent.membership()).isEmpty();
    Agent.Round round = agent.round();
    assertThat(round.points()).as("host points even though the engine does not answer").isNotEmpty();
    assertThat(round.containers()).isZero();
    assertThat(agents()).isEmpty();
  }
}
