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

  /** Separates the owning process from the application in a shared operation id. */
  String SHARED_SEPARATOR = "#";

  /**
   * The id under which several processes share one application's place in the queue: every
   * migration of {@code application} started by one evacuation ({@code owner}, its process instance
   * id) joins with it and, the queue being idempotent by operation id, finds the same ticket, so they
   * run in parallel under one lease while other operations of the application wait. The owner
   * releases it ({@link #releaseShared}).
   */
  static String sharedOperationId(String owner, String application) {
    if (owner == null || owner.isBlank() || owner.contains(SHARED_SEPARATOR)) {
      throw new IllegalArgumentException("a shared operation needs an owner process id without '"
          + SHARED_SEPARATOR + "': " + owner);
    }
    if (application == null || application.isBlank()) {
      throw new IllegalArgumentException("a shared operation needs an application");
    }
    return owner + SHARED_SEPARATOR + application;
  }

  /** The process instance an operation id belongs to: itself, or the owner of a shared one. */
  static String owningProcess(String operationId) {
    int at = operationId.indexOf(SHARED_SEPARATOR);
    return at < 0 ? operationId : operationId.substring(0, at);
  }

  /** Releases every ticket shared under {@code owner} (in any application); returns how many went. */
  default int releaseShared(String owner) {
    String prefix = owner + SHARED_SEPARATOR;
    int released = 0;
    for (Map.Entry<String, List<Ticket>> e : all().entrySet()) {
      for (Ticket t : e.getValue()) {
        if (t.operationId().startsWith(prefix) && release(e.getKey(), t.operationId())) {
          released++;
        }
      }
    }
    return released;
  }

  /** A place in an application's queue: which operation, what it is, and when it joined. */
  record Ticket(String application, String operationId, String description, long sequence, Instant enqueuedAt) {
  }
}
