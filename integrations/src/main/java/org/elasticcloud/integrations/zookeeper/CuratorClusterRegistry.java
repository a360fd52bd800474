package org.elasticcloud.integrations.zookeeper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.elasticcloud.core.port.ClusterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterRegistry} in ZooKeeper: each member is an ephemeral node
 * {@code <base>/members/<role>/<id>} kept by Curator's {@link PersistentNode}, which re-creates it
 * after a lost session.
 */
public class CuratorClusterRegistry implements ClusterRegistry, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CuratorClusterRegistry.class);
  private final CuratorFramework client;
  private final String membersPath;
  private final Map<String, PersistentNode> nodes = new ConcurrentHashMap<>();

  public CuratorClusterRegistry(CuratorFramework client, String basePath) {
    this.client = client;
    this.membersPath = basePath + "/members";
  }

  @Override
  public void join(Member self) {
    String path = membersPath + "/" + self.role() + "/" + self.id();
    PersistentNode node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, encode(self));
    PersistentNode previous = nodes.put(path, node);
    if (previous != null) {
      closeQuietly(previous);
    }
    node.start();
    LOG.info("ECP-ZK-110 joined the cluster as {} at {}", self.id(), path);
  }

  @Override
  public void leave(Member self) {
    PersistentNode node = nodes.remove(membersPath + "/" + self.role() + "/" + self.id());
    if (node != null) {
      closeQuietly(node);
    }
  }

  @Override
  public List<Member> members() {
    List<Member> members = new ArrayList<>();
    try {
      if (client.checkExists().forPath(membersPath) == null) {
        return members;
      }
      for (String role : client.getChildren().forPath(membersPath)) {
        for (String id : client.getChildren().forPath(membersPath + "/" + role)) {
          try {
            byte[] data = client.getData().forPath(membersPath + "/" + role + "/" + id);
            members.add(decode(id, role, data));
          } catch (KeeperException.NoNodeException gone) {
            // died between the listing and the read: not a member any more
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-002 cannot list cluster members: " + e, e);
    }
    members.sort(Comparator.comparing(Member::role).thenComparing(Member::id));
    return members;
  }

  /**
   * Watches {@code <base>/members/<role>} with a {@link CuratorCache}: no reads per check, one
   * notification per change. The listener hears the initial set once the cache is primed, then
   * every change of the set (not of a member's data).
   */
  @Override
  public Watch watch(String role, Consumer<Set<String>> listener) {
    String rolePath = membersPath + "/" + role;
    CuratorCache cache = CuratorCache.build(client, rolePath);
    AtomicBoolean initialized = new AtomicBoolean();
    AtomicReference<Set<String>> last = new AtomicReference<>();
    Runnable tell = () -> {
      Set<String> ids = new TreeSet<>();
      cache.stream().map(ChildData::getPath).filter(p -> p.startsWith(rolePath + "/"))
          .map(p -> p.substring(rolePath.length() + 1)).filter(id -> !id.contains("/")).forEach(ids::add);
      // calls come on the cache's single thread; an unchanged set (a member's data changed) is not news
      if (ids.equals(last.getAndSet(Set.copyOf(ids)))) {
        return;
      }
      try {
        listener.accept(Set.copyOf(ids));
      } catch (RuntimeException e) {
        LOG.warn("ECP-ZK-113 a listener of the {} members failed: {}", role, e.toString());
      }
    };
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forInitialized(() -> {
          initialized.set(true);
          tell.run();
        })
        .forCreates(c -> {
          if (initialized.get()) {
            tell.run();
          }
        })
        .forDeletes(c -> {
          if (initialized.get()) {
            tell.run();
          }
        })
        .build());
    cache.start();
    LOG.info("ECP-ZK-112 watching the {} members at {}", role, rolePath);
    return new Watch() {
      @Override
      public boolean initialized() {
        return initialized.get();
      }

      @Override
      public void close() {
        cache.close();
      }
    };
  }

  /**
   * Deletes this process's member nodes while ZooKeeper answers. When it does not, deleting would
   * block through every retry; the nodes are ephemeral and go with the session anyway.
   */
  @Override
  public void close() {
    if (client.getZookeeperClient().isConnected()) {
      nodes.values().forEach(CuratorClusterRegistry::closeQuietly);
    }
    nodes.clear();
  }

  private static void closeQuietly(PersistentNode node) {
    try {
      node.close();
    } catch (IOException e) {
      LOG.warn("ECP-ZK-111 closing a membership node failed: {}", e.toString());
    }
  }

  private static byte[] encode(Member m) {
    Properties p = new Properties();
    p.setProperty("address", m.address());
    p.setProperty("since", m.since().toString());
    return ZnodeProperties.write(p);
  }

  private static Member decode(String id, String role, byte[] data) {
    Properties p = ZnodeProperties.read(data);
    String since = p.getProperty("since");
    return new Member(id, role, p.getProperty("address", ""), since == null ? Instant.EPOCH : Instant.parse(since));
  }
}
