package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.TemplateStore;
import org.elasticcloud.delegates.ProcessNames.RegisterTemplate;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A group's template container and its registrations. Registering starts RegisterTemplateProcess;
 * an operator confirms in Tasklist; then scale-outs copy the registrations.
 */
@RestController
@RequestMapping("/api/groups/{groupId}/template")
@Tag(name = "Groups")
public class TemplateController {
  private final Inventory inventory;
  private final TemplateStore store;
  private final RuntimeService runtime;
  private final IdentityService identity;

  public TemplateController(Inventory inventory, TemplateStore store, RuntimeService runtime, IdentityService identity) {
    this.inventory = inventory;
    this.store = store;
    this.runtime = runtime;
    this.identity = identity;
  }

  @PostMapping
  @Operation(summary = "Register the group's template: starts RegisterTemplateProcess, answers 202")
  public ResponseEntity<Map<String, Object>> register(@PathVariable long groupId, @RequestBody TemplateDefinition body) {
    AppGroup group = inventory.groups.find(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
    body.validate();
    String businessKey = businessKey(group);
    Authentication auth = identity.getCurrentAuthentication();
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(Vars.GROUP_ID, groupId);
    vars.put(Vars.TEMPLATE_DEFINITION, body.toText());
    vars.put(Vars.REGISTERED_BY, auth == null ? null : auth.getUserId());
    ProcessInstance pi = runtime.startProcessInstanceByKey(RegisterTemplate.PROCESS_ID, businessKey, vars);
    String process = "/api/processes/" + pi.getId();
    return ResponseEntity.accepted().location(URI.create(process)).body(Map.of(
        "processInstanceId", pi.getId(), "businessKey", businessKey,
        "links", Map.of("process", process, "template", "/api/groups/" + groupId + "/template",
            "tasklist", "/camunda/app/tasklist/default/")));
  }

  @GetMapping
  public Map<String, Object> get(@PathVariable long groupId) {
    inventory.groups.find(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
    TemplateStore.Template t = store.find(groupId).orElseThrow(() -> new NotFoundException("template of group", groupId));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("groupId", groupId);
    out.put("state", t.state());
    out.put("definition", t.definition());
    out.put("registeredBy", t.registeredBy());
    out.put("confirmedBy", t.confirmedBy());
    out.put("processInstanceId", t.processInstanceId());
    out.put("registrations", inventory.registrations.findBy("groupId", groupId));
    return out;
  }

  /** {@code app/env/group}: readable in Cockpit. */
  private String businessKey(AppGroup g) {
    String app = inventory.applications.find(g.applicationId()).map(a -> a.name()).orElse("?");
    String env = inventory.environments.find(g.environmentId()).map(e -> e.name()).orElse("?");
    return app + "/" + env + "/" + g.name();
  }
}
