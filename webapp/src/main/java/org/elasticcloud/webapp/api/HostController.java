package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.InventoryRules;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.HostVariables;
import org.elasticcloud.delegates.ProcessNames.RegisterHost;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hosts. Creating one starts RegisterHostProcess (validate, record, ping the engine, mark ready)
 * and answers 202 with the process to follow; a host's state is the platform's, never the client's.
 */
@RestController
@RequestMapping("/api/hosts")
@Tag(name = "Hosts")
public class HostController extends InventoryController<Host> {
  private final RuntimeService runtime;

  public HostController(Inventory inventory, RuntimeService runtime) {
    super(inventory, Host.class, "host");
    this.runtime = runtime;
  }

  @Override
  @Operation(summary = "Register a host: starts RegisterHostProcess, answers 202 with the process to follow")
  public ResponseEntity<?> create(Host body) {
    Host host = body.withId(null).withState(HostState.REGISTERING);
    InventoryRules.validate(host, inventory);
    if (table.findOneBy("name", host.name()).isPresent()) {
      throw new ConflictException("name", "a host named " + host.name() + " exists already");
    }
    ProcessInstance pi = runtime.startProcessInstanceByKey(RegisterHost.PROCESS_ID, "host:" + host.name(),
        HostVariables.of(host));
    String process = "/api/processes/" + pi.getId();
    return ResponseEntity.accepted().location(URI.create(process)).body(Map.of(
        "processInstanceId", pi.getId(),
        "businessKey", pi.getBusinessKey(),
        "hostName", host.name(),
        "links", Map.of("process", process, "host", "/api/hosts/by-name/" + host.name())));
  }

  @GetMapping("/by-name/{name}")
  public Host byName(@PathVariable String name) {
    return table.findOneBy("name", name).orElseThrow(() -> new NotFoundException("host", name));
  }

  @Override
  protected Host prepareUpdate(Host existing, Host incoming) {
    return incoming.withState(existing.state());
  }
}
