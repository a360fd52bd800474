package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.migration.HostTransitions;
import org.elasticcloud.core.migration.HostTransitions.FailureReason;
import org.elasticcloud.core.validation.Checks;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.webapp.migration.MigrationStarter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fault migration by hand (ADR 0015): drain a host for maintenance and return it to service,
 * evacuate a failed host, recover a failed container. Starting answers 202 with the process to
 * follow (the one already running for that host or container, if any); bad input starts nothing.
 */
@RestController
@Tag(name = "Fault migration")
public class MigrationController {
  private static final int DETAIL_MAX = 500;
  private final Inventory inventory;
  private final MigrationStarter starter;

  public MigrationController(Inventory inventory, MigrationStarter starter) {
    this.inventory = inventory;
    this.starter = starter;
  }

  /** Why a host is evacuated by hand (default FAULTY) and a note for the record. */
  public record EvacuateRequest(String reason, String detail) {
  }

  /** A note for the record: what was seen failing. */
  public record RecoverRequest(String detail) {
  }

  private Host host(long id) {
    return inventory.hosts.find(id).orElseThrow(() -> new NotFoundException("host", id));
  }

  @PostMapping("/api/hosts/{id}/drain")
  @Operation(summary = "Drain a READY host for maintenance after an operator's approval (DrainHostProcess)")
  public ResponseEntity<Map<String, Object>> drain(@PathVariable long id) {
    Host h = host(id);
    HostTransitions.refuseDrain(h.state()).ifPresent(why -> {
      throw new ConflictException("state", "host " + h.name() + " " + why);
    });
    return accepted(starter.drain(h.name()), Map.of("host", h.name()));
  }

  @PostMapping("/api/hosts/{id}/undrain")
  @Operation(summary = "Return a drained host (MAINTENANCE, or DRAINING with no drain running) to READY")
  public Host undrain(@PathVariable long id) {
    Host h = host(id);
    HostTransitions.refuseUndrain(h.state()).ifPresent(why -> {
      throw new ConflictException("state", "host " + h.name() + " " + why);
    });
    starter.runningDrain(h.name()).ifPresent(p -> {
      throw new ConflictException("state", "host " + h.name() + " is being drained (process " + p.getId()
          + "): reject or cancel that drain first");
    });
    inventory.setHostState(h.id(), HostState.READY);
    return inventory.hosts.find(id).orElseThrow();
  }

  @PostMapping("/api/hosts/{id}/evacuate")
  @Operation(summary = "Fence a failed host and move all its containers, keeping their IPs (HostFailureProcess)")
  public ResponseEntity<Map<String, Object>> evacuate(@PathVariable long id,
      @RequestBody(required = false) EvacuateRequest body) {
    Host h = host(id);
    String reason = body == null || body.reason() == null ? FailureReason.FAULTY.name() : body.reason();
    String detail = body == null ? null : body.detail();
    Checks checks = new Checks().text("detail", detail, DETAIL_MAX, false);
    try {
      FailureReason.parse(reason);
    } catch (IllegalArgumentException e) {
      checks.add("reason", "must be DOWN or FAULTY");
    }
    checks.throwIfAny();
    HostTransitions.refuseEvacuation(h.state()).ifPresent(why -> {
      throw new ConflictException("state", "host " + h.name() + " " + why);
    });
    return accepted(starter.hostFailed(h.name(), reason, detail == null ? "evacuated by hand" : detail),
        Map.of("host", h.name()));
  }

  @PostMapping("/api/containers/{name}/recover")
  @Operation(summary = "Recover a failed container: restart in place, then move keeping its IP (ContainerFailureProcess)")
  public ResponseEntity<Map<String, Object>> recover(@PathVariable String name,
      @RequestBody(required = false) RecoverRequest body) {
    Container c = inventory.containers.findOneBy("name", name).orElseThrow(() -> new NotFoundException("container", name));
    String detail = body == null ? null : body.detail();
    new Checks().text("detail", detail, DETAIL_MAX, false).throwIfAny();
    if (c.hostId() == null) {
      throw new ConflictException("hostId", "container " + name + " is on no host: there is nothing to recover");
    }
    return accepted(starter.containerFailed(c.name(), detail == null ? "recovery requested by hand" : detail),
        Map.of("container", c.name()));
  }

  private static ResponseEntity<Map<String, Object>> accepted(MigrationStarter.Started s, Map<String, Object> subject) {
    String id = s.process().getId();
    String process = "/api/processes/" + id;
    Map<String, Object> body = new LinkedHashMap<>(subject);
    body.put("processInstanceId", id);
    body.put("businessKey", s.process().getBusinessKey());
    body.put("alreadyRunning", s.alreadyRunning());
    body.put("links", Map.of("process", process, "cockpit",
        "/camunda/app/cockpit/default/#/process-instance/" + id + "/runtime"));
    return ResponseEntity.accepted().location(URI.create(process)).body(body);
  }
}
