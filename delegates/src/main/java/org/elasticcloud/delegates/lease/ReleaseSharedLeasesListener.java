package org.elasticcloud.delegates.lease;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.elasticcloud.core.port.OperationQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives back the places an evacuation's migrations shared in their applications' queues (see
 * {@link OperationQueue#sharedOperationId}): after each round of migrations and when the evacuation
 * ends or is cancelled. As for a single operation, the tickets go only once that is committed; if the
 * node dies in between, the janitor finds tickets whose owner process has ended.
 */
@Component
public class ReleaseSharedLeasesListener implements ExecutionListener {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseSharedLeasesListener.class);
  private final OperationQueue queue;

  public ReleaseSharedLeasesListener(OperationQueue queue) {
    this.queue = queue;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String owner = execution.getProcessInstanceId();
    Runnable release = () -> {
      try {
        int released = queue.releaseShared(owner);
        if (released > 0) {
          LOG.info("ECP-LEASE-004 evacuation {} gave back {} shared application lease(s)", owner, released);
        }
      } catch (RuntimeException e) {
        LOG.warn("ECP-LEASE-005 giving back the shared leases of {} failed ({}); the janitor will once it ends",
            owner, e.toString());
      }
    };
    AfterCommit.run(release);
  }
}
