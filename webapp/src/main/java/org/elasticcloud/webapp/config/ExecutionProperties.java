package org.elasticcloud.webapp.config;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How work runs across the platform's nodes ({@code ecloud.execution.*}, ADR 0011).
 *
 * @param hostSlots K: container operations (create and start, stop, remove) at once on one host,
 *     counted across every node; every node must use the same K
 * @param nodeJobs M: jobs at once on this node; mapped in {@code application.yaml} onto Camunda's job
 *     executor ({@code camunda.bpm.job-execution}: core and max pool size, queue capacity and jobs per
 *     acquisition all M)
 * @param retryIntervals the back-off of a failing external step: one retry after each interval, in
 *     order, then an incident (Camunda's engine-wide {@code failedJobRetryTimeCycle})
 * @param hostBusyWait how long a container operation waits on the model's timer when its host has no
 *     free slot, before trying again (spends no retry)
 */
@ConfigurationProperties(prefix = "ecloud.execution")
public record ExecutionProperties(@DefaultValue("2") int hostSlots, @DefaultValue("4") int nodeJobs,
    @DefaultValue("PT2S,PT10S,PT30S") List<Duration> retryIntervals, @DefaultValue("PT1S") Duration hostBusyWait) {

  public ExecutionProperties {
    if (hostSlots < 1) {
      throw new IllegalArgumentException("ECP-EXEC-001 ecloud.execution.host-slots must be at least 1, not " + hostSlots);
    }
    if (nodeJobs < 1) {
      throw new IllegalArgumentException("ECP-EXEC-001 ecloud.execution.node-jobs must be at least 1, not " + nodeJobs);
    }
    if (retryIntervals == null || retryIntervals.isEmpty()
        || retryIntervals.stream().anyMatch(d -> d == null || d.isNegative() || d.isZero() || d.toMillis() % 1000 != 0)) {
      throw new IllegalArgumentException("ECP-EXEC-001 ecloud.execution.retry-intervals must be one or more positive "
          + "whole seconds, e.g. PT2S,PT10S,PT30S, not " + retryIntervals);
    }
    if (hostBusyWait == null || hostBusyWait.isNegative() || hostBusyWait.isZero()) {
      throw new IllegalArgumentException("ECP-EXEC-001 ecloud.execution.host-busy-wait must be positive, not "
          + hostBusyWait);
    }
    retryIntervals = List.copyOf(retryIntervals);
  }

  /**
   * The intervals as Camunda's retry cycle, e.g. {@code PT2S,PT10S,PT30S}: a job starts with one
   * attempt more than there are intervals, waits each interval in turn after a failure, and raises an
   * incident when the last retry fails too.
   */
  public String retryCycle() {
    return retryIntervals.stream().map(Duration::toString).collect(Collectors.joining(","));
  }
}
