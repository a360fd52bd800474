package org.elasticcloud.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.elasticcloud.core.port.ClusterRegistry;
import org.elasticcloud.core.port.ClusterRegistry.Member;
import org.elasticcloud.integrations.zookeeper.CuratorClusterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's membership in the cluster registry: an ephemeral member of role {@value #ROLE} whose
 * id is the host's inventory name, where the platform's host-down detection looks for it. The
 * ZooKeeper session is the heartbeat: the member vanishes a session timeout after the agent (or
 * its host) dies, and the registry's adapter re-creates it after a lost or expired session.
 */
public class AgentMembership implements AutoCloseable {
  public static final String ROLE = "agent";
  private static final Logger LOG = LoggerFactory.getLogger(AgentMembership.class);
  private final CuratorFramework client;
  private final CuratorClusterRegistry registry;
  private final Member self;

  public AgentMembership(String connect, String basePath, Duration sessionTimeout, String hostName, String address) {
    int sessionMs = (int) sessionTimeout.toMillis();
    this.client = CuratorFrameworkFactory.builder()
        .connectString(connect)
        .sessionTimeoutMs(sessionMs)
        .connectionTimeoutMs(Math.min(sessionMs, 15_000))
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
        .build();
    this.registry = new CuratorClusterRegistry(client, basePath);
    this.self = new Member(hostName, ROLE, address, Instant.now());
    client.getConnectionStateListenable().addListener((c, state) -> {
      if (state == ConnectionState.LOST || state == ConnectionState.SUSPENDED) {
        LOG.warn("ECP-AGENT-110 ZooKeeper connection {}: the member {} returns when the session does", state,
            self.id());
      } else if (state == ConnectionState.RECONNECTED) {
        LOG.info("ECP-AGENT-111 ZooKeeper connection {}", state);
      }
    });
  }

  /** Connects (waiting up to {@code wait}; Curator keeps trying after) and joins. */
  public void start(Duration wait) throws InterruptedException {
    client.start();
    if (!client.blockUntilConnected((int) wait.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.warn("ECP-AGENT-112 ZooKeeper not reachable yet; joining as soon as it is");
    }
    registry.join(self);
  }

  public ClusterRegistry registry() {
    return registry;
  }

  public CuratorFramework client() {
    return client;
  }

  public Member self() {
    return self;
  }

  /** Leaves (the member disappears at once rather than after the session timeout) and disconnects. */
  @Override
  public void close() {
    try {
      registry.leave(self);
      registry.close();
    } finally {
      client.close();
    }
  }
}
