package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The health check of the containers' way in, for a load balancer in front of several nodes'
 * container-access listeners: answers on every listener, needs no login, tells nothing.
 */
@RestController
@Tag(name = "Config center")
public class ConfigAccessHealthController {
  @GetMapping(value = "/api/config/_alive", produces = "text/plain")
  @Operation(summary = "Health check for a load balancer in front of the nodes' container-access listeners")
  public String alive() {
    return "OK";
  }
}
