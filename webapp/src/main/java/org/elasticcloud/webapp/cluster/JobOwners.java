package org.elasticcloud.webapp.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's job-executor identity: Camunda's lock owner of every job it runs, unique per start
 * ({@code <node id>@<start time>}), announced as an ephemeral node {@code <base>/job-owners/<owner>}
 * before the job executor acquires anything. A lock owner missing there belongs to a JVM that is
 * gone, and the jobs it locked can be handed over at once instead of after the lock time.
 */
public class JobOwners extends AbstractProcessEnginePlugin implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobOwners.class);
  private final CuratorFramework client;
  private final String ownersPath;
  private final String self;
  private PersistentNode node;
  private CuratorCache departures;

  public JobOwners(CuratorFramework client, String basePath, String nodeId) {
    this.client = client;
    this.ownersPath = basePath + "/job-owners";
    this.self = nodeId + "@" + Long.toString(Instant.now().toEpochMilli(), 36);
  }

  /** The lock owner this JVM's job executor writes into the jobs it locks. */
  public String self() {
    return self;
  }

  /** Job logs (history) name the node that ran each job by this same owner. */
  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHostname(self);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    announce();
    if (configuration.getJobExecutor() != null) {
      configuration.getJobExecutor().setLockOwner(self);
    }
  }

  /** Creates the ephemeral owner node and waits for it (Curator re-creates it after a lost session). */
  synchronized void announce() {
    if (node != null) {
      return;
    }
    node = new PersistentNode(client, CreateMode.EPHEMERAL, false, ownersPath + "/" + self,
        Instant.now().toString().getBytes(StandardCharsets.UTF_8));
    node.start();
    try {
      if (!node.waitForInitialCreate(20, TimeUnit.SECONDS)) {
        LOG.warn("ECP-CLUSTER-001 job owner {} not announced in ZooKeeper yet; Curator keeps trying", self);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("ECP-CLUSTER-002 this node locks jobs as {}", self);
  }

  /**
   * Calls {@code whenSomeoneLeaves} each time a lock owner's node disappears (a JVM ended or its
   * session expired), on Curator's event thread: hand the work to another thread.
   */
  public synchronized void onDeparture(Runnable whenSomeoneLeaves) {
    if (departures != null) {
      departures.close();
    }
    departures = CuratorCache.build(client, ownersPath);
    departures.listenable().addListener(CuratorCacheListener.builder()
        .forDeletes(gone -> whenSomeoneLeaves.run()).build());
    departures.start();
  }

  /** The lock owners alive now; empty when ZooKeeper cannot be asked (then nobody is judged dead). */
  public List<String> alive() {
    try {
      return client.getChildren().forPath(ownersPath);
    } catch (KeeperException.NoNodeException none) {
      return List.of();
    } catch (Exception e) {
      return List.of();
    }
  }

  @Override
  public synchronized void close() {
    if (departures != null) {
      departures.close();
      departures = null;
    }
    if (node != null && client.getZookeeperClient().isConnected()) {
      try {
        node.close();
      } catch (IOException e) {
        LOG.warn("ECP-CLUSTER-003 withdrawing job owner {} failed: {}", self, e.toString());
      }
    }
    node = null;
  }
}
