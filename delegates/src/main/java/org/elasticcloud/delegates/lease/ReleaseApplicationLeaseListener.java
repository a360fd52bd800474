package org.elasticcloud.delegates.lease;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends an operation's place in its application's queue when the operation's process ends (at an
 * end event or cancelled). The ticket goes only once the ending is committed: were the transaction
 * to roll back, the operation would still be running and must keep its lease. If the node dies
 * between the commit and the release, the queue's janitor finds the ticket of an ended process.
 */
@Component
public class ReleaseApplicationLeaseListener implements ExecutionListener {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseApplicationLeaseListener.class);
  private final OperationQueue queue;

  public ReleaseApplicationLeaseListener(OperationQueue queue) {
    this.queue = queue;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String application = (String) execution.getVariable(Vars.APPLICATION);
    String operationId = execution.getProcessInstanceId();
    if (application == null) {
      return; // started without an application: never queued
    }
    Runnable release = () -> {
      try {
        queue.release(application, operationId);
      } catch (RuntimeException e) {
        LOG.warn("ECP-LEASE-002 releasing the lease of {} for ended operation {} failed ({}); the janitor will",
            application, operationId, e.toString());
      }
    };
    AfterCommit.run(release);
  }
}
