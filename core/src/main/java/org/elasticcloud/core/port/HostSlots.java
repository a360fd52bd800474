package org.elasticcloud.core.port;

import java.util.Optional;

/**
 * The per-host cap on container operations: every host has K slots, counted across all platform
 * nodes (ZooKeeper), and a container operation on a host (create and start, stop, remove) runs only
 * while it holds one of them. Taking a slot never waits: a full host answers "no slot" at once, and
 * the caller waits somewhere that holds no thread (in the process model, a short timer). A slot is
 * held by the node that took it, for one operation inside one job, never across jobs; when that
 * node dies (its ZooKeeper session ends) its slots free themselves (ADR 0011).
 */
public interface HostSlots {

  /**
   * Takes one of the host's slots if one is free now, without waiting; empty when all K are held.
   * Under contention an attempt may also come back empty for a moment while a slot is about to be
   * free: callers simply try again later, the cap itself is never exceeded.
   *
   * @throws IllegalArgumentException for a host name that cannot name a slot (blank, with {@code /})
   * @throws IllegalStateException when the coordination service does not answer (a technical failure)
   */
  Optional<Slot> tryTake(String hostName);

  /** How many slots each host has (K); every node of one platform must use the same K. */
  int slotsPerHost();

  /** How many of the host's slots are held now, by every node. */
  int taken(String hostName);

  /** One held slot on one host. Closing it gives it back; closing it again does nothing. */
  interface Slot extends AutoCloseable {
    String hostName();

    @Override
    void close();
  }
}
