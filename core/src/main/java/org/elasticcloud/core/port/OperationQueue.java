package org.elasticcloud.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One queue per application (ZooKeeper): the operations that change an application's containers
 * (scale-out, scale-in, resize, release, migration) join it and run one at a time, in the order
 * they joined. The operation at the head holds the application's lease; the others wait without
 * holding a transaction or a job lock. A ticket belongs to the operation (its process instance), not
 * to the node running it: a node's crash hands the operation, lease included, to the survivors, and
 * the ticket goes only when the operation ends (see ADR 0009).
 */
public interface OperationQueue {

  /**
   * Joins the application's queue, or finds the ticket the operation already has (idempotent by
   * operation id: a retried job never queues twice).
   */
  Ticket enqueue(String application, String operationId, String description);

  /** The application's tickets, head (lease holder) first. */
  List<Ticket> queue(String application);

  /** The lease holder of the application, if any operation is queued. */
  default Optional<Ticket> head(String application) {
    List<Ticket> q = queue(application);
    return q.isEmpty() ? Optional.empty() : Optional.of(q.get(0));
  }

  /** Leaves the queue (idempotent); true if the ticket was there. The next one becomes the head. */
  boolean release(String application, String operationId);

  /** Every application with at least one ticket, and its queue, head first. */
  Map<String, List<Ticket>> all();

  /**
   * Calls the listener with the new head whenever an application's head changes, on any node;
   * also calls it for every current head when registered. Delivery is a hint: waiters must also
   * look again on their own timer.
   */
  void onNewHead(Consumer<Ticket> listener);

  /** A place in an application's queue: which operation, what it is, and when it joined. */
  record Ticket(String application, String operationId, String description, long sequence, Instant enqueuedAt) {
  }
}
