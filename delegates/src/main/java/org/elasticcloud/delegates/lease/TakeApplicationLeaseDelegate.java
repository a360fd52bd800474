package org.elasticcloud.delegates.lease;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.OperationQueue.Ticket;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.stereotype.Component;

/**
 * Joins the application's operation queue (once: the queue is idempotent by operation id) and
 * says whether the operation is at its head. When it is not, {@code waitingFor} tells an operator
 * which operation it waits behind.
 */
@Component
public class TakeApplicationLeaseDelegate implements JavaDelegate {
  private final OperationQueue queue;

  public TakeApplicationLeaseDelegate(OperationQueue queue) {
    this.queue = queue;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String application = (String) execution.getVariable(Vars.APPLICATION);
    String operationId = (String) execution.getVariable(Vars.OPERATION_ID);
    String description = (String) execution.getVariable(Vars.OPERATION_DESCRIPTION);
    Ticket mine = queue.enqueue(application, operationId, description);
    List<Ticket> ahead = queue.queue(application).stream().filter(t -> t.sequence() < mine.sequence()).toList();
    execution.setVariable(Vars.LEASE_HELD, ahead.isEmpty());
    execution.setVariable(Vars.WAITING_FOR, waitingFor(application, ahead));
  }

  /** What an operator reads while the operation waits; null once it holds the lease. */
  static String waitingFor(String application, List<Ticket> ahead) {
    if (ahead.isEmpty()) {
      return null;
    }
    Ticket head = ahead.get(0);
    return "the lease of application " + application + ": " + ahead.size() + " operation(s) ahead, running now "
        + head.description() + " (process " + head.operationId() + ", queued " + head.enqueuedAt() + ")";
  }
}
