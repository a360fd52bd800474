package org.elasticcloud.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.db.TemplateStore;
import org.springframework.stereotype.Component;

/** Makes the confirmed template's registrations the group's. */
@Component
public class ActivateTemplateDelegate implements JavaDelegate {
  private final TemplateStore store;

  public ActivateTemplateDelegate(TemplateStore store) {
    this.store = store;
  }

  @Override
  public void execute(DelegateExecution execution) {
    store.confirm(((Number) execution.getVariable(ProcessNames.Vars.GROUP_ID)).longValue(),
        (String) execution.getVariable(ProcessNames.Vars.CONFIRMED_BY));
  }
}
