package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.elasticcloud.core.reconcile.DriftItem;
import org.elasticcloud.db.ReconciliationStore;
import org.elasticcloud.delegates.ProcessNames.Reconcile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciliation reports (ADR 0010): start a run now, read the latest or one by id (the id of the
 * ReconcileProcess instance that made it): counts per kind and per repair outcome, and the items.
 */
@RestController
@RequestMapping("/api/reconciliations")
@Tag(name = "Reconciliation")
public class ReconciliationController {
  private final ReconciliationStore store;
  private final RuntimeService runtime;
  private final HistoryService history;

  public ReconciliationController(ReconciliationStore store, RuntimeService runtime, HistoryService history) {
    this.store = store;
    this.runtime = runtime;
    this.history = history;
  }

  @PostMapping
  @Operation(summary = "Run ReconcileProcess now (repair=false: report only); 409 while a run is in progress")
  public ResponseEntity<Map<String, Object>> start(@RequestParam(name = "repair", required = false) Boolean repair) {
    List<ProcessInstance> running = runtime.createProcessInstanceQuery().processDefinitionKey(Reconcile.PROCESS_ID)
        .active().list();
    if (!running.isEmpty()) {
      throw new ConflictException("reconciliation", "a reconciliation is in progress: " + link(running.get(0).getId())
          + " (try again when it ends)");
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(Reconcile.VAR_TRIGGER, Reconcile.TRIGGER_REQUEST);
    if (repair != null) {
      vars.put(Reconcile.VAR_REPAIR_REQUESTED, repair);
    }
    ProcessInstance pi = runtime.startProcessInstanceByMessage(Reconcile.MESSAGE_REQUESTED, vars);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("processInstanceId", pi.getId());
    body.put("reportId", pi.getId());
    body.put("links", links(pi.getId()));
    return ResponseEntity.accepted().location(URI.create(link(pi.getId()))).body(body);
  }

  @GetMapping("/latest")
  @Operation(summary = "The newest reconciliation report")
  public Map<String, Object> latest() {
    ReconciliationStore.Report r = store.latest().orElseThrow(() -> new NotFoundException("reconciliation", "latest"));
    return report(r);
  }

  @GetMapping("/{id}")
  @Operation(summary = "A reconciliation report: counts per kind and per repair outcome, and the items")
  public Map<String, Object> get(@PathVariable String id) {
    return store.find(id).map(this::report).orElseGet(() -> {
      HistoricProcessInstance pi = history.createHistoricProcessInstanceQuery().processInstanceId(id)
          .processDefinitionKey(Reconcile.PROCESS_ID).singleResult();
      if (pi == null) {
        throw new NotFoundException("reconciliation", id);
      }
      // started, drift not stored yet
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", id);
      out.put("state", "DETECTING");
      out.put("processState", pi.getState());
      out.put("links", links(id));
      return out;
    });
  }

  private static String link(String id) {
    return "/api/reconciliations/" + id;
  }

  private static Map<String, String> links(String id) {
    return Map.of("report", link(id), "process", "/api/processes/" + id,
        "cockpit", "/camunda/app/cockpit/default/#/process-instance/" + id + "/runtime");
  }

  private Map<String, Object> report(ReconciliationStore.Report r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", r.id());
    out.put("trigger", r.trigger());
    out.put("state", r.state().name());
    out.put("repairEnabled", r.repairEnabled());
    out.put("startedAt", r.startedAt());
    out.put("finishedAt", r.finishedAt());
    out.put("counts", r.counts());
    out.put("repairs", r.outcomes());
    out.put("items", store.items(r.id()).stream().map(ReconciliationController::item).toList());
    out.put("links", links(r.id()));
    return out;
  }

  private static Map<String, Object> item(ReconciliationStore.Item stored) {
    DriftItem i = stored.item();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", i.kind().name());
    out.put("type", i.type().name());
    out.put("application", i.application());
    out.put("scope", i.scope());
    out.put("host", i.host());
    out.put("name", i.name());
    out.put("expected", i.expected());
    out.put("actual", i.actual());
    out.put("detail", i.detail());
    out.put("action", i.action().name());
    out.put("outcome", stored.outcome().name());
    out.put("outcomeDetail", stored.outcomeDetail());
    return out;
  }
}
