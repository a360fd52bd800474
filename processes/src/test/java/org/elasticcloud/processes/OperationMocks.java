package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.scaling.ContainerSlots;

/** What the scaling process tests share: the application lease, always free, and the host slots. */
final class OperationMocks {
  private OperationMocks() {
  }

  /**
   * Registers a lease that is free at once, a release listener that records the operation in
   * {@code released}, and the real {@link ContainerSlots} on the given slots.
   */
  static void register(List<String> released, ContainerSlots containerSlots) {
    Mocks.register("takeApplicationLeaseDelegate", (JavaDelegate) e -> e.setVariable(Vars.LEASE_HELD, true));
    Mocks.register("releaseApplicationLeaseListener", (ExecutionListener) e -> released.add(e.getProcessInstanceId()));
    Mocks.register(ContainerSlots.BEAN, containerSlots);
  }

  /** A container operation: holds its host's slot while it works (or throws Error_HostBusy). */
  static JavaDelegate onHost(ContainerSlots containerSlots) {
    return e -> {
      String planned = (String) e.getVariable(Vars.PLANNED_CONTAINER);
      try (HostSlots.Slot slot = containerSlots.take(e, planned.substring(planned.indexOf('@') + 1))) {
        assertThat(slot.hostName()).isNotBlank();
      }
    };
  }
}
