package org.elasticcloud.core.port.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticcloud.core.port.HostSlots;

/**
 * {@link HostSlots} in memory, for tests of what uses the port (process models, delegates): nodes
 * made from one {@link Cluster} share its slots as nodes on one ZooKeeper do, and a node that
 * {@linkplain Cluster#kill(InMemoryHostSlots) dies} loses its slots. Passes {@code HostSlotsContract}.
 */
public final class InMemoryHostSlots implements HostSlots {
  private final Cluster cluster;
  private final int slotsPerHost;
  private volatile boolean alive = true;

  private InMemoryHostSlots(Cluster cluster, int slotsPerHost) {
    this.cluster = cluster;
    this.slotsPerHost = slotsPerHost;
  }

  /** What the nodes of one platform share (ZooKeeper's part). */
  public static final class Cluster {
    private final Map<String, List<Held>> held = new HashMap<>();

    public InMemoryHostSlots node(int slotsPerHost) {
      if (slotsPerHost < 1) {
        throw new IllegalArgumentException("slots per host must be at least 1");
      }
      return new InMemoryHostSlots(this, slotsPerHost);
    }

    /** The node dies: its slots are free at once, its later releases change nothing. */
    public synchronized void kill(InMemoryHostSlots node) {
      node.alive = false;
      held.values().forEach(list -> list.removeIf(h -> h.owner == node));
    }

    synchronized Optional<Slot> take(InMemoryHostSlots node, String hostName) {
      if (!node.alive) {
        throw new IllegalStateException("this node is dead");
      }
      List<Held> list = held.computeIfAbsent(hostName, h -> new ArrayList<>());
      if (list.size() >= node.slotsPerHost) {
        return Optional.empty();
      }
      Held h = new Held(node, hostName);
      list.add(h);
      return Optional.of(h);
    }

    synchronized int taken(String hostName) {
      return held.getOrDefault(hostName, List.of()).size();
    }

    synchronized void give(Held h) {
      held.getOrDefault(h.hostName, new ArrayList<>()).remove(h);
    }

    private final class Held implements Slot {
      private final InMemoryHostSlots owner;
      private final String hostName;
      private final AtomicBoolean closed = new AtomicBoolean();

      Held(InMemoryHostSlots owner, String hostName) {
        this.owner = owner;
        this.hostName = hostName;
      }

      @Override
      public String hostName() {
        return hostName;
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          give(this);
        }
      }
    }
  }

  @Override
  public Optional<Slot> tryTake(String hostName) {
    if (hostName == null || hostName.isBlank() || hostName.contains("/")) {
      throw new IllegalArgumentException("not a host name for a slot: '" + hostName + "'");
    }
    return cluster.take(this, hostName);
  }

  @Override
  public int slotsPerHost() {
    return slotsPerHost;
  }

  @Override
  public int taken(String hostName) {
    return cluster.taken(hostName);
  }
}
