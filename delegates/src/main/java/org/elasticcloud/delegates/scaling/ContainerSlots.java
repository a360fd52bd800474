package org.elasticcloud.delegates.scaling;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.delegates.ProcessNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a delegate that works on a host's Docker engine keeps to the host's cap: it takes a slot for
 * the duration of its call, inside its own job. When the host is full it does not wait and does not
 * fail: it throws {@code Error_HostBusy}, which the model catches on that task and turns into a short
 * timer ("Waiting for a free slot on the host") before the task runs again. No job-executor thread
 * waits, and no retry is spent (ADR 0011).
 *
 * <p>The model reads the timer's duration from this bean: {@code ${containerSlots.busyWait}}.
 */
public class ContainerSlots {
  /** The bean name the models' timers use. */
  public static final String BEAN = "containerSlots";
  private static final Logger LOG = LoggerFactory.getLogger(ContainerSlots.class);
  private final HostSlots slots;
  private final Duration busyWait;

  public ContainerSlots(HostSlots slots, Duration busyWait) {
    if (busyWait == null || busyWait.isNegative() || busyWait.isZero()) {
      throw new IllegalArgumentException("ECP-SLOT-002 the wait for a free slot must be positive, not " + busyWait);
    }
    this.slots = slots;
    this.busyWait = busyWait;
  }

  /**
   * A slot on the host for this job's operation; close it when the operation is done (try-with-resources).
   *
   * @throws BpmnError {@code Error_HostBusy} when all the host's slots are held
   */
  public HostSlots.Slot take(DelegateExecution execution, String hostName) {
    return slots.tryTake(hostName).orElseThrow(() -> {
      String message = "ECP-SLOT-001 host " + hostName + " has all " + slots.slotsPerHost()
          + " slots in use: " + execution.getCurrentActivityId() + " waits " + busyWait;
      LOG.info("{} (process instance {})", message, execution.getProcessInstanceId());
      return new BpmnError(ProcessNames.ERROR_HOST_BUSY, message);
    });
  }

  /** The ISO-8601 duration the model waits before trying again (e.g. {@code PT1S}). */
  public String getBusyWait() {
    return busyWait.toString();
  }
}
