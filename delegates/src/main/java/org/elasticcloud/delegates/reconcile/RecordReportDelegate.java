package org.elasticcloud.delegates.reconcile;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.db.ReconciliationStore;
import org.elasticcloud.delegates.ProcessNames.Reconcile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Marks the report complete (it then counts as a sighting for later runs) and deletes the oldest beyond the limit. */
@Component
public class RecordReportDelegate implements JavaDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(RecordReportDelegate.class);
  private final ReconciliationStore store;
  private final ReconcileSettings settings;

  public RecordReportDelegate(ReconciliationStore store, ReconcileSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String id = (String) execution.getVariable(Reconcile.VAR_REPORT_ID);
    store.finish(id);
    int purged = store.keepLatest(settings.keepReports());
    store.find(id).ifPresent(r -> LOG.info("ECP-RECON-003 reconciliation {} recorded: {} {}{}", id, r.counts(),
        r.outcomes(), purged > 0 ? " (" + purged + " old report(s) deleted)" : ""));
  }
}
