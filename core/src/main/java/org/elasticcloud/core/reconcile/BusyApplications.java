package org.elasticcloud.core.reconcile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.OperationQueue.Ticket;

/**
 * Which applications have an operation in progress, from the {@link OperationQueue} (keyed by
 * application name). Without a queue no application is busy — true only while no operation takes
 * the application's lease (ADR 0010 says what that costs).
 */
public interface BusyApplications {
  /** Every busy application and its tickets, head first. */
  Map<String, List<Ticket>> all();

  /** True when the application has an operation queued now. */
  boolean busy(String application);

  /** Asks the queue the supplier gives at each call (null: no queue, nobody busy). */
  static BusyApplications of(Supplier<OperationQueue> queue) {
    return new BusyApplications() {
      @Override
      public Map<String, List<Ticket>> all() {
        OperationQueue q = queue.get();
        return q == null ? Map.of() : q.all();
      }

      @Override
      public boolean busy(String application) {
        OperationQueue q = queue.get();
        return q != null && !q.queue(application).isEmpty();
      }
    };
  }

  /** The union of two looks at the queue (before and after reading the real systems). */
  static Map<String, List<Ticket>> union(Map<String, List<Ticket>> before, Map<String, List<Ticket>> after) {
    Map<String, List<Ticket>> out = new LinkedHashMap<>();
    before.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        out.put(k, v);
      }
    });
    after.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        out.put(k, v);
      }
    });
    return out;
  }
}
