package org.elasticcloud.delegates.lease;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.OperationQueue.Ticket;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every node. Wakes an operation waiting for its application's lease as soon as it becomes
 * the head of the queue (any node may send the message; the others find nothing waiting), and
 * sweeps tickets whose operation (for a shared ticket: its owner) no longer exists — a process deleted without its listeners, or a
 * node that died between ending an operation and releasing its ticket.
 */
public class OperationQueueWatch {
  private static final Logger LOG = LoggerFactory.getLogger(OperationQueueWatch.class);
  private final OperationQueue queue;
  private final RuntimeService runtime;

  public OperationQueueWatch(OperationQueue queue, RuntimeService runtime) {
    this.queue = queue;
    this.runtime = runtime;
  }

  public void start() {
    queue.onNewHead(this::wake);
  }

  /** Tells the operation of this ticket to look at the queue again, if it waits. */
  void wake(Ticket head) {
    try {
      // only executions resting on the message: asking blindly makes the engine log every miss as an error
      for (var waiting : runtime.createExecutionQuery().messageEventSubscriptionName(ApplicationLease.MESSAGE_GRANTED)
          .processVariableValueEquals(Vars.OPERATION_ID, head.operationId()).list()) {
        runtime.messageEventReceived(ApplicationLease.MESSAGE_GRANTED, waiting.getId());
      }
    } catch (RuntimeException e) {
      // another node woke it at the same moment, or it is not waiting yet: its timer looks again
      LOG.debug("waking {} failed: {}", head.operationId(), e.toString());
    }
  }

  /** Releases tickets of operations that ended or vanished, then nudges every head; returns how many were swept. */
  public int sweep() {
    int swept = 0;
    for (Map.Entry<String, List<Ticket>> e : queue.all().entrySet()) {
      List<Ticket> left = new java.util.ArrayList<>();
      for (Ticket t : e.getValue()) {
        if (runtime.createProcessInstanceQuery().processInstanceId(OperationQueue.owningProcess(t.operationId())).count() == 0
            && queue.release(e.getKey(), t.operationId())) {
          swept++;
          LOG.warn("ECP-LEASE-003 operation {} on {} ({}) no longer runs: its ticket is released", t.operationId(),
              e.getKey(), t.description());
        } else {
          left.add(t);
        }
      }
      if (!left.isEmpty()) {
        wake(left.get(0));
      }
    }
    return swept;
  }
}
