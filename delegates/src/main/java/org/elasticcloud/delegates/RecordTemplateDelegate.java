package org.elasticcloud.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.TemplateStore;
import org.springframework.stereotype.Component;

/** Records the group's template as pending, waiting for an operator. */
@Component
public class RecordTemplateDelegate implements JavaDelegate {
  private final TemplateStore store;

  public RecordTemplateDelegate(TemplateStore store) {
    this.store = store;
  }

  @Override
  public void execute(DelegateExecution execution) {
    store.recordPending(((Number) execution.getVariable(ProcessNames.Vars.GROUP_ID)).longValue(),
        TemplateDefinition.fromText((String) execution.getVariable(ProcessNames.Vars.TEMPLATE_DEFINITION)),
        execution.getProcessInstanceId(), (String) execution.getVariable(ProcessNames.Vars.REGISTERED_BY));
  }
}
