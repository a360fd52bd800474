package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.webapp.config.HostHealthProperties;
import org.elasticcloud.webapp.monitoring.HostHealthService;
import org.elasticcloud.webapp.monitoring.HostHealthService.HealthView;
import org.elasticcloud.webapp.monitoring.HostHealthService.ReturnOutcome;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host's health (ADR 0014): its state, failure epoch, fencing, agent, last probe and newest
 * events; and the operator's way to return a FAULTY or DOWN host to service.
 */
@RestController
@RequestMapping("/api/hosts")
@Tag(name = "Hosts")
public class HostHealthController {
  private final Inventory inventory;
  private final HostHealthService health;
  private final HostHealthProperties props;
  private final IdentityService identity;

  public HostHealthController(Inventory inventory, HostHealthService health, HostHealthProperties props,
      IdentityService identity) {
    this.inventory = inventory;
    this.health = health;
    this.props = props;
    this.identity = identity;
  }

  @GetMapping("/{id}/health")
  @Operation(summary = "A host's health: state, epoch, agent present, last probe of its engine, recent events")
  public HealthView health(@PathVariable long id) {
    return health.view(host(id), props.recentEvents());
  }

  @PostMapping("/{id}/return-to-service")
  @Operation(summary = "Return a FAULTY or DOWN host to service: its engine must answer; it is fenced again, "
      + "then READY (409 otherwise)")
  public Map<String, Object> returnToService(@PathVariable long id) {
    Host host = host(id);
    Authentication user = identity.getCurrentAuthentication();
    ReturnOutcome outcome = health.returnToService(host, user == null ? "an operator" : user.getUserId());
    if (!outcome.returned()) {
      throw new ConflictException(outcome.refusedField(), outcome.refusal());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hostId", host.id());
    body.put("host", host.name());
    body.put("state", outcome.event().to());
    body.put("epoch", outcome.event().epoch());
    body.put("fencing", outcome.fencing().summary());
    body.put("links", Map.of("health", "/api/hosts/" + host.id() + "/health"));
    return body;
  }

  private Host host(long id) {
    if (id < 1) {
      throw new org.elasticcloud.core.validation.ValidationException("id", "must be a positive number");
    }
    return inventory.hosts.find(id).orElseThrow(() -> new NotFoundException("host", id));
  }
}
