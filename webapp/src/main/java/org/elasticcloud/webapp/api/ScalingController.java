package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.validation.Checks;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.TemplateStore;
import org.elasticcloud.db.ScalingQueries;
import org.elasticcloud.delegates.ProcessNames.ScaleIn;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.webapp.config.EcloudProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starts ScaleOutProcess and ScaleInProcess for a group: 202 with the process to follow; bad input starts nothing. */
@RestController
@RequestMapping("/api/groups/{groupId}")
@Tag(name = "Groups")
public class ScalingController {
  private final Inventory inventory;
  private final TemplateStore templates;
  private final RuntimeService runtime;
  private final EcloudProperties props;
  private final ScalingQueries queries;

  public ScalingController(Inventory inventory, TemplateStore templates, RuntimeService runtime, EcloudProperties props,
      ScalingQueries queries) {
    this.inventory = inventory;
    this.templates = templates;
    this.runtime = runtime;
    this.props = props;
    this.queries = queries;
  }

  /** How many, where, and from which image. */
  public record ScaleOutRequest(Integer count, Long datacenterId, String image) {
  }

  @PostMapping("/scale-out")
  @Operation(summary = "Scale the group out by count containers in a datacenter (ScaleOutProcess)")
  public ResponseEntity<Map<String, Object>> scaleOut(@PathVariable long groupId, @RequestBody ScaleOutRequest body) {
    AppGroup group = inventory.groups.find(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
    Checks checks = new Checks()
        .range("count", body.count(), 1, props.scaling().maxCount())
        .present("datacenterId", body.datacenterId())
        .text("image", body.image(), 255, true);
    if (body.datacenterId() != null && !inventory.datacenters.exists(body.datacenterId())) {
      checks.add("datacenterId", "refers to no existing datacenter (id " + body.datacenterId() + ")");
    }
    checks.throwIfAny();
    boolean registered = templates.find(groupId).map(t -> t.state() == TemplateStore.State.REGISTERED).orElse(false);
    if (!registered) {
      throw new ConflictException("template", "the group has no registered template: register one first "
          + "(POST /api/groups/" + groupId + "/template) and confirm it in Tasklist");
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(Vars.GROUP_ID, groupId);
    vars.put(Vars.COUNT, body.count());
    vars.put(Vars.DATACENTER_ID, body.datacenterId());
    vars.put(Vars.IMAGE, body.image());
    return started(ScaleOut.PROCESS_ID, group, body.datacenterId(), vars);
  }

  /** How many to remove, and where. */
  public record ScaleInRequest(Integer count, Long datacenterId) {
  }

  @PostMapping("/scale-in")
  @Operation(summary = "Scale the group in by count containers in a datacenter (ScaleInProcess)")
  public ResponseEntity<Map<String, Object>> scaleIn(@PathVariable long groupId, @RequestBody ScaleInRequest body) {
    AppGroup group = inventory.groups.find(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
    Checks checks = new Checks()
        .range("count", body.count(), 1, props.scaling().maxCount())
        .present("datacenterId", body.datacenterId());
    if (body.datacenterId() != null && !inventory.datacenters.exists(body.datacenterId())) {
      checks.add("datacenterId", "refers to no existing datacenter (id " + body.datacenterId() + ")");
    }
    int size = queries.groupSize(groupId);
    if (body.count() != null && body.count() > size) {
      checks.add("count", "is more than the group's " + size + " containers");
    }
    checks.throwIfAny();
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(Vars.GROUP_ID, groupId);
    vars.put(Vars.COUNT, body.count());
    vars.put(Vars.DATACENTER_ID, body.datacenterId());
    return started(ScaleIn.PROCESS_ID, group, body.datacenterId(), vars);
  }

  private ResponseEntity<Map<String, Object>> started(String processId, AppGroup group, long datacenterId,
      Map<String, Object> vars) {
    Datacenter dc = inventory.datacenters.find(datacenterId).orElseThrow();
    String businessKey = inventory.applications.find(group.applicationId()).orElseThrow().name() + "/"
        + inventory.environments.find(group.environmentId()).orElseThrow().name() + "/" + group.name() + "/" + dc.name();
    // the key of the application's operation queue: its operations run one at a time (ADR 0009)
    vars.put(Vars.APPLICATION, inventory.applications.find(group.applicationId()).orElseThrow().name());
    ProcessInstance pi = runtime.startProcessInstanceByKey(processId, businessKey, vars);
    String process = "/api/processes/" + pi.getId();
    return ResponseEntity.accepted().location(URI.create(process)).body(Map.of("processInstanceId", pi.getId(),
        "businessKey", businessKey, "links", Map.of("process", process, "cockpit",
            "/camunda/app/cockpit/default/#/process-instance/" + pi.getId() + "/runtime")));
  }
}
