package org.elasticcloud.integrations.zookeeper;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.elasticcloud.core.port.OperationQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OperationQueue} in ZooKeeper. A ticket is a persistent sequential node
 * {@code <base>/operations/queues/<application>/op-<sequence>} holding the operation's id,
 * description and time; the lowest sequence is the head. A second node
 * {@code <base>/operations/index/<operation id>} is created in the same ZooKeeper transaction: an
 * operation that joins twice (a retried job, two nodes running one job after a crash) fails on it
 * and finds its first ticket instead of queueing again. Tickets are persistent on purpose: they
 * belong to the operation, which outlives the node that ran it (ADR 0009). Each application's
 * parent is a container node, which ZooKeeper removes once empty.
 */
public class CuratorOperationQueue implements OperationQueue, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CuratorOperationQueue.class);
  private static final String PREFIX = "op-";
  private final CuratorFramework client;
  private final String queuesPath;
  private final String indexPath;
  private final List<Consumer<Ticket>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, String> lastHeads = new HashMap<>();
  private CuratorCache cache;

  public CuratorOperationQueue(CuratorFramework client, String basePath) {
    this.client = client;
    this.queuesPath = basePath + "/operations/queues";
    this.indexPath = basePath + "/operations/index";
  }

  @Override
  public Ticket enqueue(String application, String operationId, String description) {
    requireName(operationId, "operation id");
    Objects.requireNonNull(application, "application");
    Optional<Ticket> existing = find(application, operationId);
    if (existing.isPresent()) {
      return existing.get();
    }
    String appPath = queuesPath + "/" + encode(application);
    Instant now = Instant.now();
    try {
      ensureContainer(appPath);
      ensureContainer(indexPath);
      CuratorOp index = client.transactionOp().create().withMode(CreateMode.PERSISTENT)
          .forPath(indexPath + "/" + operationId, application.getBytes(StandardCharsets.UTF_8));
      CuratorOp ticket = client.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
          .forPath(appPath + "/" + PREFIX, encodeData(operationId, description, now));
      client.transaction().forOperations(index, ticket);
    } catch (KeeperException.NodeExistsException joinedMeanwhile) {
      // the index node exists: this operation joined already (a concurrent or earlier attempt)
    } catch (KeeperException.NoNodeException emptiedMeanwhile) {
      // the application's container node was removed as empty between ensure and create: try again
      return enqueue(application, operationId, description);
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-040 cannot queue operation " + operationId + " for " + application
          + ": " + e, e);
    }
    return find(application, operationId).orElseThrow(() -> new IllegalStateException(
        "ECP-ZK-041 operation " + operationId + " is indexed but has no ticket in the queue of " + application
            + " (its index names another application?)"));
  }

  @Override
  public List<Ticket> queue(String application) {
    String appPath = queuesPath + "/" + encode(application);
    List<Ticket> tickets = new ArrayList<>();
    try {
      List<String> children;
      try {
        children = client.getChildren().forPath(appPath);
      } catch (KeeperException.NoNodeException none) {
        return tickets;
      }
      for (String child : children) {
        try {
          tickets.add(decode(application, child, client.getData().forPath(appPath + "/" + child)));
        } catch (KeeperException.NoNodeException released) {
          // released between the listing and the read
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-042 cannot read the operation queue of " + application + ": " + e, e);
    }
    tickets.sort(Comparator.comparingLong(Ticket::sequence));
    return tickets;
  }

  @Override
  public boolean release(String application, String operationId) {
    Optional<Ticket> ticket = find(application, operationId);
    boolean released = false;
    try {
      if (ticket.isPresent()) {
        String path = queuesPath + "/" + encode(application) + "/" + PREFIX + String.format("%010d", ticket.get().sequence());
        try {
          client.delete().forPath(path);
          released = true;
        } catch (KeeperException.NoNodeException gone) {
          // released by someone else meanwhile
        }
      }
      try {
        client.delete().forPath(indexPath + "/" + operationId);
      } catch (KeeperException.NoNodeException gone) {
        // never indexed, or released already
      }
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-043 cannot release operation " + operationId + " of " + application
          + ": " + e, e);
    }
    if (released) {
      LOG.info("ECP-ZK-044 operation {} released the lease of {}", operationId, application);
    }
    return released;
  }

  @Override
  public Map<String, List<Ticket>> all() {
    Map<String, List<Ticket>> all = new LinkedHashMap<>();
    try {
      List<String> apps;
      try {
        apps = client.getChildren().forPath(queuesPath);
      } catch (KeeperException.NoNodeException none) {
        return all;
      }
      for (String app : apps.stream().sorted().toList()) {
        List<Ticket> q = queue(decode(app));
        if (!q.isEmpty()) {
          all.put(decode(app), q);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-045 cannot list the operation queues: " + e, e);
    }
    return all;
  }

  /**
   * Watches every queue (one {@link CuratorCache} for all listeners) and calls the listeners when an
   * application's head differs from the one last seen by this client.
   */
  @Override
  public synchronized void onNewHead(Consumer<Ticket> listener) {
    listeners.add(listener);
    if (cache == null) {
      try {
        ensureContainer(queuesPath);
      } catch (Exception e) {
        throw new IllegalStateException("ECP-ZK-046 cannot watch the operation queues: " + e, e);
      }
      cache = CuratorCache.build(client, queuesPath);
      cache.listenable().addListener(CuratorCacheListener.builder().forAll((type, before, after) -> headsChanged()).build());
      cache.start();
    }
    all().values().forEach(q -> listener.accept(q.get(0)));
  }

  /** Every application's head as the cache holds it: no ZooKeeper reads on each change. */
  private Map<String, Ticket> cachedHeads() {
    Map<String, Ticket> heads = new HashMap<>();
    cache.stream().forEach(node -> {
      String path = node.getPath();
      String parent = path.substring(0, path.lastIndexOf('/'));
      String child = path.substring(path.lastIndexOf('/') + 1);
      if (!child.startsWith(PREFIX) || !parent.startsWith(queuesPath + "/") || node.getData() == null) {
        return;
      }
      String app = decode(parent.substring(queuesPath.length() + 1));
      Ticket t = decode(app, child, node.getData());
      heads.merge(app, t, (a, b) -> a.sequence() <= b.sequence() ? a : b);
    });
    return heads;
  }

  private void headsChanged() {
    List<Ticket> fresh = new ArrayList<>();
    synchronized (lastHeads) {
      Map<String, Ticket> now = cachedHeads();
      lastHeads.keySet().retainAll(now.keySet());
      now.forEach((app, head) -> {
        if (!head.operationId().equals(lastHeads.put(app, head.operationId()))) {
          fresh.add(head);
        }
      });
    }
    for (Ticket head : fresh) {
      for (Consumer<Ticket> l : listeners) {
        try {
          l.accept(head);
        } catch (RuntimeException e) {
          LOG.warn("ECP-ZK-048 a new-head listener failed for {}: {}", head.operationId(), e.toString());
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (cache != null) {
      cache.close();
      cache = null;
    }
  }

  private Optional<Ticket> find(String application, String operationId) {
    return queue(application).stream().filter(t -> t.operationId().equals(operationId)).findFirst();
  }

  private void ensureContainer(String path) throws Exception {
    if (client.checkExists().forPath(path) == null) {
      try {
        client.create().creatingParentContainersIfNeeded().withMode(CreateMode.CONTAINER).forPath(path);
      } catch (KeeperException.NodeExistsException meanwhile) {
        // created by another node
      }
    }
  }

  private static void requireName(String value, String what) {
    if (value == null || value.isBlank() || value.contains("/")) {
      throw new IllegalArgumentException("ECP-ZK-049 " + what + " must be non-blank without '/': " + value);
    }
  }

  private static String encode(String application) {
    return URLEncoder.encode(application, StandardCharsets.UTF_8);
  }

  private static String decode(String znode) {
    return URLDecoder.decode(znode, StandardCharsets.UTF_8);
  }

  private static byte[] encodeData(String operationId, String description, Instant at) {
    Properties p = new Properties();
    p.setProperty("operation", operationId);
    p.setProperty("description", description == null ? "" : description);
    p.setProperty("enqueuedAt", at.toString());
    return ZnodeProperties.write(p);
  }

  private static Ticket decode(String application, String child, byte[] data) {
    Properties p = ZnodeProperties.read(data);
    long sequence = Long.parseLong(child.substring(child.lastIndexOf('-') + 1));
    return new Ticket(application, p.getProperty("operation"), p.getProperty("description", ""), sequence,
        Instant.parse(p.getProperty("enqueuedAt")));
  }
}
