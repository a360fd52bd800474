package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.elasticcloud.core.alerts.AlertPolicy;
import org.elasticcloud.core.alerts.AlertState;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.db.AlertStore.Alert;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames;
import org.elasticcloud.webapp.monitoring.AlertActions;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alert policies per application and the alerts they raise (ADR 0013). {@code {app}} is the
 * application's name (or its id). Disabling or deleting a policy resolves its open alerts.
 */
@RestController
@Tag(name = "Alerts")
public class AlertController {
  private static final int MAX_LIST = 500;

  private final AlertStore store;
  private final Inventory inventory;
  private final AlertActions actions;
  private final TaskService tasks;
  private final IdentityService identity;

  public AlertController(AlertStore store, Inventory inventory, AlertActions actions, TaskService tasks,
      IdentityService identity) {
    this.store = store;
    this.inventory = inventory;
    this.actions = actions;
    this.tasks = tasks;
    this.identity = identity;
  }

  // ---- policies

  @GetMapping("/api/applications/{app}/alert-policies")
  @Operation(summary = "The application's alert policies")
  public List<AlertPolicy> policies(@PathVariable String app) {
    return store.policiesOf(application(app).id());
  }

  @PostMapping("/api/applications/{app}/alert-policies")
  @Operation(summary = "Add an alert policy: 400 naming every field at fault, 404 for an unknown application, "
      + "409 for a name the application already uses")
  public ResponseEntity<AlertPolicy> create(@PathVariable String app, @RequestBody AlertPolicy body) {
    Application a = application(app);
    AlertPolicy stored = store.insertPolicy(a.id(), body.withId(null).withApplication(a.name()).validated());
    return ResponseEntity.created(URI.create("/api/applications/" + a.name() + "/alert-policies/" + stored.id()))
        .body(stored);
  }

  @GetMapping("/api/applications/{app}/alert-policies/{id}")
  @Operation(summary = "One alert policy")
  public AlertPolicy policy(@PathVariable String app, @PathVariable long id) {
    return policyOf(application(app), id);
  }

  @PutMapping("/api/applications/{app}/alert-policies/{id}")
  @Operation(summary = "Replace an alert policy; disabling it resolves its open alerts")
  public AlertPolicy update(@PathVariable String app, @PathVariable long id, @RequestBody AlertPolicy body) {
    Application a = application(app);
    policyOf(a, id);
    AlertPolicy p = body.withId(id).withApplication(a.name()).validated();
    store.updatePolicy(p);
    if (!p.enabled()) {
      store.openOfPolicy(id).forEach(alert -> actions.resolve(alert, "policy disabled"));
    }
    return store.findPolicy(id).orElseThrow(() -> new NotFoundException("alert policy", id));
  }

  @DeleteMapping("/api/applications/{app}/alert-policies/{id}")
  @Operation(summary = "Delete an alert policy; its open alerts resolve, its history stays")
  public ResponseEntity<Void> delete(@PathVariable String app, @PathVariable long id) {
    policyOf(application(app), id);
    store.openOfPolicy(id).forEach(alert -> actions.resolve(alert, "policy deleted"));
    store.deletePolicy(id);
    return ResponseEntity.noContent().build();
  }

  // ---- alerts

  @GetMapping("/api/alerts")
  @Operation(summary = "Alerts, newest first: state pending, firing, acknowledged or resolved (default: all)")
  public List<Map<String, Object>> alerts(@RequestParam(required = false) String state,
      @RequestParam(required = false) String application, @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > MAX_LIST) {
      throw new ValidationException("limit", "must be between 1 and " + MAX_LIST);
    }
    return store.list(state(state), application, limit).stream().map(AlertController::view).toList();
  }

  @GetMapping("/api/alerts/{id}")
  @Operation(summary = "An alert and its notification log")
  public Map<String, Object> alert(@PathVariable long id) {
    Map<String, Object> out = view(find(id));
    out.put("notifications", store.notifications(id).stream().map(n -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", n.at());
      m.put("kind", n.kind().toLowerCase(Locale.ROOT));
      m.put("channel", n.channel());
      m.put("recipient", n.recipient());
      m.put("outcome", n.outcome().name().toLowerCase(Locale.ROOT));
      m.put("alerts", n.alertIds());
      m.put("subject", n.subject());
      m.put("detail", n.detail());
      return m;
    }).toList());
    return out;
  }

  @PostMapping("/api/alerts/{id}/acknowledge")
  @Operation(summary = "Acknowledge a firing alert: completes its 'Acknowledge alert' task and stops the escalation; "
      + "409 when it is not waiting for that (pending, already acknowledged or resolved, or not notified yet)")
  public Map<String, Object> acknowledge(@PathVariable long id) {
    Alert a = find(id);
    if (a.state() != AlertState.FIRING) {
      throw new ConflictException("state", "alert " + id + " is " + a.state().name().toLowerCase(Locale.ROOT)
          + ": only a firing alert can be acknowledged");
    }
    Task task = a.processInstanceId() == null ? null : tasks.createTaskQuery().processInstanceId(a.processInstanceId())
        .taskDefinitionKey(ProcessNames.Alert.TASK_ACKNOWLEDGE).singleResult();
    if (task == null) {
      throw new ConflictException("state", "alert " + id + " has not been notified yet (grouping window or quiet "
          + "hours): try again once it is");
    }
    Authentication auth = identity.getCurrentAuthentication();
    tasks.complete(task.getId(), Map.of(ProcessNames.Alert.VAR_ACKNOWLEDGED_BY, auth == null ? "api" : auth.getUserId()));
    return view(find(id));
  }

  private Alert find(long id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("alert", id));
  }

  private Application application(String app) {
    return inventory.applications.findOneBy("name", app)
        .or(() -> app.matches("[0-9]{1,18}") ? inventory.applications.find(Long.parseLong(app)) : java.util.Optional.empty())
        .orElseThrow(() -> new NotFoundException("application", app));
  }

  private AlertPolicy policyOf(Application a, long id) {
    return store.findPolicy(id).filter(p -> p.application().equals(a.name()))
        .orElseThrow(() -> new NotFoundException("alert policy", id));
  }

  private static AlertState state(String state) {
    if (state == null || state.isBlank()) {
      return null;
    }
    try {
      return AlertState.valueOf(state.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("state", "must be pending, firing, acknowledged or resolved");
    }
  }

  static Map<String, Object> view(Alert a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", a.id());
    out.put("application", a.application());
    out.put("policyId", a.policyId());
    out.put("policy", a.policy());
    out.put("subject", a.subject());
    out.put("key", a.key());
    out.put("state", a.state().name().toLowerCase(Locale.ROOT));
    out.put("severity", a.severity());
    out.put("summary", a.summary());
    out.put("value", a.value());
    out.put("pendingSince", a.pendingSince());
    out.put("firedAt", a.firedAt());
    out.put("notifiedAt", a.notifiedAt());
    out.put("acknowledgedAt", a.acknowledgedAt());
    out.put("acknowledgedBy", a.acknowledgedBy());
    out.put("resolvedAt", a.resolvedAt());
    out.put("resolution", a.resolution());
    out.put("processInstanceId", a.processInstanceId());
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", "/api/alerts/" + a.id());
    links.put("acknowledge", "/api/alerts/" + a.id() + "/acknowledge");
    if (a.processInstanceId() != null) {
      links.put("process", "/api/processes/" + a.processInstanceId());
    }
    out.put("links", links);
    return out;
  }
}
