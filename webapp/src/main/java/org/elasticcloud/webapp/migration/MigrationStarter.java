package org.elasticcloud.webapp.migration;

import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.elasticcloud.core.migration.HostTransitions.FailureReason;
import org.elasticcloud.delegates.ProcessNames.ContainerFailure;
import org.elasticcloud.delegates.ProcessNames.DrainHost;
import org.elasticcloud.delegates.ProcessNames.HostFailure;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the fault-migration processes, once per subject: while a process with the same business key
 * runs ({@code host-failure:<host>}, {@code drain:<host>}, {@code container-failure:<container>}),
 * starting it again answers that process (detection may report a failure more than once, a client
 * may retry a request). Host and container failures start by their BPMN messages ({@code HostFailed},
 * {@code ContainerFailed}), a drain by its none start event. The REST API and host-failure detection
 * both come here: {@link #hostFailed} is what a listener of detection's event calls.
 */
@Component
public class MigrationStarter {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationStarter.class);
  private final RuntimeService runtime;

  public MigrationStarter(RuntimeService runtime) {
    this.runtime = runtime;
  }

  /** The process answering a request, and whether this request started it. */
  public record Started(ProcessInstance process, boolean alreadyRunning) {
  }

  /**
   * A host failed: fence and evacuate it (HostFailureProcess). For host-failure detection, call
   * this from a listener of its event with the host's name, the reason's name and its detail.
   *
   * @throws IllegalArgumentException when the reason is not DOWN or FAULTY
   */
  public Started hostFailed(String hostName, String reason, String detail) {
    FailureReason r = FailureReason.parse(reason);
    String key = HostFailure.BUSINESS_KEY_PREFIX + hostName;
    return running(HostFailure.PROCESS_ID, key).map(p -> new Started(p, true)).orElseGet(() -> {
      ProcessInstance pi = runtime.createMessageCorrelation(HostFailure.MESSAGE_FAILED).processInstanceBusinessKey(key)
          .setVariable(Vars.HOST_NAME, hostName).setVariable(MigrationVars.REASON, r.name())
          .setVariable(MigrationVars.DETAIL, detail).correlateStartMessage();
      LOG.warn("ECP-MIG-060 host {} failed ({}): HostFailureProcess {} started: {}", hostName, r, pi.getId(), detail);
      return new Started(pi, false);
    });
  }

  /** Drains a host for maintenance, after an operator's approval (DrainHostProcess). */
  public Started drain(String hostName) {
    String key = DrainHost.BUSINESS_KEY_PREFIX + hostName;
    return running(DrainHost.PROCESS_ID, key).map(p -> new Started(p, true)).orElseGet(() -> new Started(
        runtime.startProcessInstanceByKey(DrainHost.PROCESS_ID, key, Map.of(Vars.HOST_NAME, hostName)), false));
  }

  /** A container failed: restart it in place or move it (ContainerFailureProcess). */
  public Started containerFailed(String containerName, String detail) {
    String key = ContainerFailure.BUSINESS_KEY_PREFIX + containerName;
    return running(ContainerFailure.PROCESS_ID, key).map(p -> new Started(p, true)).orElseGet(() -> new Started(
        runtime.createMessageCorrelation(ContainerFailure.MESSAGE_FAILED).processInstanceBusinessKey(key)
            .setVariable(MigrationVars.CONTAINER_NAME, containerName).setVariable(MigrationVars.DETAIL, detail)
            .correlateStartMessage(), false));
  }

  /** The running drain of a host, if any. */
  public Optional<ProcessInstance> runningDrain(String hostName) {
    return running(DrainHost.PROCESS_ID, DrainHost.BUSINESS_KEY_PREFIX + hostName);
  }

  private Optional<ProcessInstance> running(String processId, String businessKey) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(processId).processInstanceBusinessKey(businessKey)
        .list().stream().findFirst();
  }
}
