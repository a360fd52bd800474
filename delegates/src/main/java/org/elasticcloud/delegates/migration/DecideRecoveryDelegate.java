package org.elasticcloud.delegates.migration;

import java.time.Instant;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.migration.RestartPolicy;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.MigrationStore;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides how a failed container recovers ({@link RestartPolicy}): restart in place while its
 * restarts within the window are under the limit and its host is READY, else move it. A container
 * no longer recorded needs nothing ({@code GONE}).
 */
@Component
public class DecideRecoveryDelegate implements JavaDelegate {
  /** The recovery for a container that is no longer recorded. */
  public static final String GONE = "GONE";
  private static final Logger LOG = LoggerFactory.getLogger(DecideRecoveryDelegate.class);
  private final Inventory inventory;
  private final MigrationStore store;
  private final MigrationSettings settings;

  public DecideRecoveryDelegate(Inventory inventory, MigrationStore store, MigrationSettings settings) {
    this.inventory = inventory;
    this.store = store;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String name = ContainerContext.containerName(execution);
    Optional<ContainerContext> found = ContainerContext.find(inventory, name);
    if (found.isEmpty() || found.get().record().hostId() == null) {
      execution.setVariable(MigrationVars.RECOVERY, GONE);
      execution.setVariable(MigrationVars.RECOVERY_REASON, "not recorded on any host");
      return;
    }
    ContainerContext c = found.get();
    Host host = inventory.hosts.find(c.record().hostId()).orElseThrow();
    Instant now = Instant.now();
    RestartPolicy policy = settings.restartPolicy();
    RestartPolicy.Decision d = policy.decide(store.restartsSince(name, now.minus(policy.window())), now, host.state());
    execution.setVariable(MigrationVars.RECOVERY, d.action().name());
    execution.setVariable(MigrationVars.RECOVERY_REASON, d.explanation());
    execution.setVariable(MigrationVars.SOURCE_HOST, host.name());
    execution.setVariable(Vars.GROUP_ID, c.group().id());
    execution.setVariable(Vars.PLANNED_CONTAINER, c.planned(host.name()));
    LOG.info("ECP-MIG-050 container {} on {} failed ({}): {}", name, host.name(),
        execution.getVariable(MigrationVars.DETAIL), d.explanation());
  }
}
