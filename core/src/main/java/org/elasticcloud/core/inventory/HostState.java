package org.elasticcloud.core.inventory;

/** The life of a host as the platform sees it. Only {@link #READY} hosts receive new containers. */
public enum HostState {
  /** Recorded, its engine not yet proven to answer. */
  REGISTERING,
  /** Its engine answers; containers may be placed on it. */
  READY,
  /** Its agent vanished from ZooKeeper; not yet proven dead. */
  SUSPECT,
  /** Its engine does not answer either: its containers are migrated. */
  DOWN,
  /** Reported a hardware fault: excluded from placement, drained. */
  FAULTY,
  /** Being emptied for maintenance. */
  DRAINING,
  /** Empty and out of service until undrained. */
  MAINTENANCE;

  public boolean acceptsContainers() {
    return this == READY;
  }
}
