package org.elasticcloud.delegates.scaling;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Component;

/** Deregisters the container from monitoring and logging (scale-in, and compensation of a scale-out). */
@Component
public class ForgetObservationDelegate implements JavaDelegate {
  private final Inventory inventory;
  private final ObservationRegistry observation;

  public ForgetObservationDelegate(Inventory inventory, ObservationRegistry observation) {
    this.inventory = inventory;
    this.observation = observation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    observation.forget(GroupContext.of(execution, inventory).containerName(execution));
  }
}
