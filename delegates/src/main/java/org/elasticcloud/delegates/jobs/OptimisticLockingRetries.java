package org.elasticcloud.delegates.jobs;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cmd.JobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * What a failed job does next: a job that lost an optimistic-locking race (another transaction
 * changed a row it had read, e.g. a container's last step ending its process while the scale-out's
 * join job reshaped the executions above it) runs again at once, once; every other failure, and a
 * second conflict in a row, goes to the engine's own handling (retry back-off, then an incident;
 * a conflict never uses up a retry).
 *
 * <p>Camunda's handling would keep the job locked for the first retry interval and leave it to the
 * next acquisition: a conflict at the end of a scale-out held its last container for 5-10 s. The
 * job's exception message marks the quick retry, so a job that keeps conflicting backs off as any
 * failure does instead of spinning.
 */
public final class OptimisticLockingRetries implements FailedJobCommandFactory {
  /** The failed job's message while its quick retry is pending. */
  public static final String RETRIED_AT_ONCE = "ECP-EXEC-200 optimistic locking conflict: run again at once";
  private final FailedJobCommandFactory otherwise;

  public OptimisticLockingRetries(FailedJobCommandFactory otherwise) {
    this.otherwise = otherwise;
  }

  @Override
  public Command<Object> getCommand(String jobId, Throwable exception) {
    return exception instanceof OptimisticLockingException ? new RetryAtOnce(jobId, exception)
        : otherwise.getCommand(jobId, exception);
  }

  private final class RetryAtOnce extends JobRetryCmd {
    RetryAtOnce(String jobId, Throwable exception) {
      super(jobId, exception);
    }

    @Override
    public Object execute(CommandContext commandContext) {
      JobEntity job = getJob();
      if (job == null) {
        return null; // done or deleted meanwhile
      }
      if (RETRIED_AT_ONCE.equals(job.getExceptionMessage())) {
        // a second conflict in a row: the engine's back-off, as if this were the first failure
        job.setExceptionMessage(null);
        return otherwise.getCommand(jobId, exception).execute(commandContext);
      }
      if (job.getExceptionMessage() != null) {
        return otherwise.getCommand(jobId, exception).execute(commandContext); // a job failing already
      }
      job.setExceptionMessage(RETRIED_AT_ONCE);
      job.unlock();
      notifyAcquisition(commandContext);
      return null;
    }
  }
}
