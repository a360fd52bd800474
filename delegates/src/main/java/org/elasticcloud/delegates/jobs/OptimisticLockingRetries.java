package org.elasticcloud.delegates.jobs;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.cmd.JobRetryCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.ExclusiveJobAddedNotification;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutorContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * What a failed job does next: a job that lost an optimistic-locking race (another transaction
 * changed a row it had read, e.g. two containers of a scale-out ending their processes at the same
 * moment both count themselves done in the scale-out's multi-instance counters) runs again at once,
 * up to {@value #QUICK_RETRIES} conflicts in a row: on the same job-executor thread right after (it
 * is still locked by this node), or, run outside the job executor, unlocked for the next
 * acquisition. Every other failure, and a conflict after those, goes to the engine's own handling
 * (retry back-off, then an incident; a conflict never uses up a retry).
 *
 * <p>Camunda's handling would make the job wait for the first retry interval and the next
 * acquisition: such a conflict held a container that was up and healthy for 3-10 s before it
 * counted as ready; one quick retry was not always enough when several containers ended at once.
 * The job's exception message counts the quick retries, so a job that keeps conflicting backs off
 * as any failure does instead of spinning.
 */
public final class OptimisticLockingRetries implements FailedJobCommandFactory {
  /** The failed job's message while its quick retry is pending, followed by the conflicts so far. */
  public static final String RETRIED_AT_ONCE = "ECP-EXEC-200 optimistic locking conflict: run again at once, conflict ";
  /** Conflicts in a row that are retried at once; the next one backs off. */
  public static final int QUICK_RETRIES = 3;
  private final FailedJobCommandFactory otherwise;

  public OptimisticLockingRetries(FailedJobCommandFactory otherwise) {
    this.otherwise = otherwise;
  }

  @Override
  public Command<Object> getCommand(String jobId, Throwable exception) {
    return exception instanceof OptimisticLockingException ? new RetryAtOnce(jobId, exception)
        : otherwise.getCommand(jobId, exception);
  }

  /** The count the message carries; a message that does not parse counts as all quick retries used. */
  static int conflictsSoFar(String message) {
    try {
      return Integer.parseInt(message.substring(RETRIED_AT_ONCE.length()).trim());
    } catch (NumberFormatException e) {
      return QUICK_RETRIES;
    }
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
      String message = job.getExceptionMessage();
      int conflicts = 1;
      if (message != null && message.startsWith(RETRIED_AT_ONCE)) {
        conflicts = conflictsSoFar(message) + 1;
        if (conflicts > QUICK_RETRIES) {
          // conflicting again and again: the engine's back-off, as if this were the first failure
          job.setExceptionMessage(null);
          return otherwise.getCommand(jobId, exception).execute(commandContext);
        }
      } else if (message != null) {
        return otherwise.getCommand(jobId, exception).execute(commandContext); // a job failing already
      }
      job.setExceptionMessage(RETRIED_AT_ONCE + conflicts);
      JobExecutorContext thread = Context.getJobExecutorContext();
      if (thread != null && job.getLockOwner() != null) {
        // still locked by this job executor: this thread runs it next, once this commits (as the
        // engine runs the next exclusive job of a process instance), ahead of whatever waits for a thread
        commandContext.getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
            new ExclusiveJobAddedNotification(jobId, thread));
      } else {
        job.unlock();
        notifyAcquisition(commandContext);
      }
      return null;
    }
  }
}
