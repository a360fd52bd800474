package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.ProvisionContainer;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where a process the API started stands: its state, its steps, where it waits, its incidents. */
@RestController
@RequestMapping("/api/processes")
@Tag(name = "Processes")
public class ProcessController {
  /** The longest reason a cancellation keeps (Camunda stores it in a 4,000-character column). */
  private static final int REASON_MAX = 500;
  private final HistoryService history;
  private final RuntimeService runtime;
  private final ManagementService management;

  public ProcessController(HistoryService history, RuntimeService runtime, ManagementService management) {
    this.history = history;
    this.runtime = runtime;
    this.management = management;
  }

  /** The local variable of each scale-in branch naming its container as {@code ordinal@host}. */
  private static final String CONTAINER_VARIABLE = "container";

  private static Map<String, Object> step(HistoricActivityInstance a) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("activityId", a.getActivityId());
    step.put("name", a.getActivityName());
    step.put("type", a.getActivityType());
    step.put("startTime", a.getStartTime());
    step.put("endTime", a.getEndTime());
    return step;
  }

  /** Where a running process waits; nothing once it ended (also when it ends while we look). */
  private List<String> waitingAt(String id) {
    if (runtime.createProcessInstanceQuery().processInstanceId(id).count() == 0) {
      return List.of();
    }
    try {
      return runtime.getActiveActivityIds(id);
    } catch (ProcessEngineException endedMeanwhile) {
      return List.of();
    }
  }

  /** What a lease process waits for; nothing once it ended (also when it ends while we look). */
  private Object waitingFor(String leaseProcessId) {
    try {
      return runtime.getVariable(leaseProcessId, Vars.WAITING_FOR);
    } catch (ProcessEngineException endedMeanwhile) {
      return null;
    }
  }

  /**
   * The steps of each ProvisionContainerProcess the process called, by container, in three queries
   * whatever their number (a scale-out of 30 is polled while it runs: one query per child made this
   * endpoint cost more CPU than the scale-out's own jobs). Children the caller may not read are left
   * out: the list of children is an authorized query, and only their steps are kept from the one
   * query for the whole family (a native query, which is not).
   */
  private void containerSteps(HistoricProcessInstance pi, Map<String, List<Map<String, Object>>> containers) {
    List<HistoricProcessInstance> children = history.createHistoricProcessInstanceQuery()
        .superProcessInstanceId(pi.getId()).processDefinitionKey(ProvisionContainer.PROCESS_ID)
        .orderByProcessInstanceStartTime().asc().list();
    if (children.isEmpty()) {
      return;
    }
    String[] ids = children.stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
    Map<String, String> planned = new HashMap<>();
    history.createHistoricVariableInstanceQuery().processInstanceIdIn(ids).variableName(Vars.PLANNED_CONTAINER).list()
        .forEach(v -> planned.put(v.getProcessInstanceId(), String.valueOf(v.getValue())));
    Map<String, List<Map<String, Object>>> stepsOfChild = new LinkedHashMap<>();
    for (String child : ids) {
      List<Map<String, Object>> steps = new ArrayList<>();
      stepsOfChild.put(child, steps);
      containers.put(planned.getOrDefault(child, child), steps);
    }
    String root = pi.getRootProcessInstanceId() == null ? pi.getId() : pi.getRootProcessInstanceId();
    history.createNativeHistoricActivityInstanceQuery()
        .sql("SELECT * FROM " + management.getTableName(HistoricActivityInstance.class)
            + " WHERE ROOT_PROC_INST_ID_ = #{root} AND PROC_INST_ID_ <> #{id} ORDER BY START_TIME_ ASC, SEQUENCE_COUNTER_ ASC")
        .parameter("root", root).parameter("id", pi.getId()).list()
        .forEach(a -> {
          List<Map<String, Object>> steps = stepsOfChild.get(a.getProcessInstanceId());
          if (steps != null) {
            steps.add(step(a));
          }
        });
  }

  @GetMapping("/{id}")
  public Map<String, Object> get(@PathVariable String id) {
    HistoricProcessInstance pi = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
    if (pi == null) {
      throw new NotFoundException("process instance", id);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", pi.getId());
    out.put("processDefinitionKey", pi.getProcessDefinitionKey());
    out.put("businessKey", pi.getBusinessKey());
    out.put("state", pi.getState());
    out.put("startTime", pi.getStartTime());
    out.put("endTime", pi.getEndTime());
    List<HistoricActivityInstance> activities = history.createHistoricActivityInstanceQuery().processInstanceId(id)
        .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list();
    out.put("steps", activities.stream().map(ProcessController::step).toList());
    // per container: the steps of each child process (scale-out: one ProvisionContainerProcess per
    // container, named by its plannedContainer) and of each multi-instance branch (scale-in)
    Map<String, List<Map<String, Object>>> containers = new LinkedHashMap<>();
    containerSteps(pi, containers);
    Map<String, String> containerOfScope = new LinkedHashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(id)
        .variableName(CONTAINER_VARIABLE).list()) {
      containerOfScope.put(v.getActivityInstanceId(), String.valueOf(v.getValue()));
    }
    for (HistoricActivityInstance a : activities) {
      String container = containerOfScope.get(a.getParentActivityInstanceId());
      if (container != null) {
        containers.computeIfAbsent(container, k -> new ArrayList<>()).add(step(a));
      }
    }
    out.put("containers", containers);
    out.put("waitingAt", waitingAt(id));
    // an operation queued behind another of its application says behind which (ApplicationLeaseProcess)
    runtime.createProcessInstanceQuery().superProcessInstanceId(id).processDefinitionKey(ApplicationLease.PROCESS_ID)
        .list().stream().map(child -> waitingFor(child.getId()))
        .filter(java.util.Objects::nonNull).findFirst().ifPresent(w -> out.put("waitingFor", w));
    // the root causes of its incidents and its children's, however deep (a container's step that ran
    // out of retries shows with its own step and message, not as a call activity's empty cause incident)
    Map<String, Incident> roots = new LinkedHashMap<>();
    // one query per process of the family (the incident query takes one process instance), so only
    // when the engine has an open incident at all, which a healthy platform mostly has not
    if (runtime.createIncidentQuery().count() > 0) {
      List<String> family = new ArrayList<>(List.of(id));
      runtime.createProcessInstanceQuery().superProcessInstanceId(id).list().forEach(c -> family.add(c.getId()));
      for (String p : family) {
        for (Incident i : runtime.createIncidentQuery().processInstanceId(p).list()) {
          Incident root = i.getRootCauseIncidentId() == null || i.getRootCauseIncidentId().equals(i.getId()) ? i
              : runtime.createIncidentQuery().incidentId(i.getRootCauseIncidentId()).singleResult();
          Incident shown = root == null ? i : root;
          roots.putIfAbsent(shown.getId(), shown);
        }
      }
    }
    out.put("incidents", roots.values().stream()
        .map(i -> Map.of("activityId", i.getActivityId(), "type", i.getIncidentType(),
            "message", i.getIncidentMessage() == null ? "" : i.getIncidentMessage()))
        .toList());
    out.put("links", Map.of("cockpit", "/camunda/app/cockpit/default/#/process-instance/" + id + "/runtime"));
    return out;
  }

  /** Why an operator aborts a process (kept in its history as the deletion reason). */
  public record CancelRequest(String reason) {
  }

  /**
   * Aborts a running process the API started, with its children (one per container): their end
   * listeners run, so application leases and shared places go back. Steps already done stay done
   * (a cancelled migration leaves its container FAILED or MIGRATING for the next evacuation or the
   * reconciler, never a second copy: every step is idempotent by name). Only a root process can be
   * aborted here: a child is part of its parent's round.
   */
  @PostMapping("/{id}/cancel")
  @Operation(summary = "Abort a running process and its children (202); 404 unknown, 409 ended or a child")
  public ResponseEntity<Map<String, Object>> cancel(@PathVariable String id,
      @RequestBody(required = false) CancelRequest request) {
    HistoricProcessInstance pi = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
    if (pi == null) {
      throw new NotFoundException("process instance", id);
    }
    if (pi.getEndTime() != null) {
      throw new ConflictException("state", "process " + id + " has ended already (" + pi.getState() + ")");
    }
    if (pi.getSuperProcessInstanceId() != null) {
      throw new ConflictException("id", "process " + id + " is a child of process " + pi.getSuperProcessInstanceId()
          + ": cancel that one");
    }
    String reason = request == null || request.reason() == null || request.reason().isBlank()
        ? "cancelled over the API" : request.reason().strip();
    if (reason.length() > REASON_MAX) {
      throw new ValidationException("reason", "at most " + REASON_MAX + " characters");
    }
    try {
      runtime.deleteProcessInstance(id, reason, false, true);
    } catch (NullValueException | BadUserRequestException endedMeanwhile) {
      throw new ConflictException("state", "process " + id + " has ended already");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("state", history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getState());
    out.put("reason", reason);
    out.put("links", Map.of("process", "/api/processes/" + id));
    return ResponseEntity.accepted().body(out);
  }
}
