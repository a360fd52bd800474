package org.elasticcloud.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.db.TemplateStore;
import org.springframework.stereotype.Component;

/** Marks a template the operator did not confirm as discarded; the group's registrations stay as they were. */
@Component
public class DiscardTemplateDelegate implements JavaDelegate {
  private final TemplateStore store;

  public DiscardTemplateDelegate(TemplateStore store) {
    this.store = store;
  }

  @Override
  public void execute(DelegateExecution execution) {
    store.discard(((Number) execution.getVariable(ProcessNames.Vars.GROUP_ID)).longValue(),
        (String) execution.getVariable(ProcessNames.Vars.CONFIRMED_BY));
  }
}
