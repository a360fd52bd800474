package org.elasticcloud.core.port.fake;

import java.time.Duration;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.contract.HostSlotsContract;

/** The in-memory fake keeps the same contract as the ZooKeeper adapter. */
class InMemoryHostSlotsTest extends HostSlotsContract {
  private final InMemoryHostSlots.Cluster cluster = new InMemoryHostSlots.Cluster();

  @Override
  protected HostSlots newNode(int slotsPerHost) {
    return cluster.node(slotsPerHost);
  }

  @Override
  protected void kill(HostSlots node) {
    cluster.kill((InMemoryHostSlots) node);
  }

  @Override
  protected Duration freedWithin() {
    return Duration.ofSeconds(1);
  }
}
