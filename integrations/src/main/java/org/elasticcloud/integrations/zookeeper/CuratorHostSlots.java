package org.elasticcloud.integrations.zookeeper;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.zookeeper.KeeperException;
import org.elasticcloud.core.port.HostSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HostSlots} in ZooKeeper: one Curator {@link InterProcessSemaphoreV2} of K leases per host
 * under {@code <base>/host-slots/<host>}. A lease is an ephemeral sequential node of the taking
 * node's session, so a node that dies gives its slots back when its session ends.
 *
 * <p>Taking is an acquire with no wait: the recipe serialises takers through a short-lived lock
 * node, and a taker that meets another one inside it answers "no slot" instead of waiting, so a
 * burst of takers may be told "no slot" while one is about to be free (they try again later). The
 * cap itself is never exceeded. Every node must be configured with the same K (the recipe does
 * not check it).
 */
public class CuratorHostSlots implements HostSlots {
  private static final Logger LOG = LoggerFactory.getLogger(CuratorHostSlots.class);
  private final CuratorFramework client;
  private final String slotsPath;
  private final int slotsPerHost;

  public CuratorHostSlots(CuratorFramework client, String basePath, int slotsPerHost) {
    if (slotsPerHost < 1) {
      throw new IllegalArgumentException("ECP-ZK-040 slots per host must be at least 1, not " + slotsPerHost);
    }
    this.client = client;
    this.slotsPath = basePath + "/host-slots";
    this.slotsPerHost = slotsPerHost;
  }

  private String hostPath(String hostName) {
    if (hostName == null || hostName.isBlank() || hostName.contains("/")) {
      throw new IllegalArgumentException("ECP-ZK-041 not a host name for a slot: '" + hostName + "'");
    }
    return slotsPath + "/" + hostName;
  }

  @Override
  public Optional<Slot> tryTake(String hostName) {
    String path = hostPath(hostName);
    try {
      Lease lease = new InterProcessSemaphoreV2(client, path, slotsPerHost).acquire(0, TimeUnit.MILLISECONDS);
      return lease == null ? Optional.empty() : Optional.of(new LeaseSlot(hostName, lease));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("ECP-ZK-042 cannot take a slot on host " + hostName + ": " + e, e);
    }
  }

  @Override
  public int slotsPerHost() {
    return slotsPerHost;
  }

  @Override
  public int taken(String hostName) {
    String path = hostPath(hostName);
    try {
      return new InterProcessSemaphoreV2(client, path, slotsPerHost).getParticipantNodes().size();
    } catch (KeeperException.NoNodeException none) {
      return 0;
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-043 cannot count the slots taken on host " + hostName + ": " + e, e);
    }
  }

  /**
   * A held lease. Closing never throws: a lease that cannot be deleted now is deleted by Curator
   * once it reconnects (guaranteed delete), or goes with the session.
   */
  private static final class LeaseSlot implements Slot {
    private final String hostName;
    private final Lease lease;
    private final AtomicBoolean closed = new AtomicBoolean();

    LeaseSlot(String hostName, Lease lease) {
      this.hostName = hostName;
      this.lease = lease;
    }

    @Override
    public String hostName() {
      return hostName;
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        lease.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("ECP-ZK-044 giving back a slot on host {} failed (it goes with the session): {}", hostName,
            e.toString());
      }
    }

    @Override
    public String toString() {
      return "slot on " + hostName + " (" + lease.getNodeName() + ")";
    }
  }
}
