package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.elasticcloud.core.config.ConfigSet;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.port.ConfigPublisher;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.db.ConfigStore;
import org.elasticcloud.db.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The config center: versioned configuration per (application, environment, group), with history
 * and rollback, published through ZooKeeper. A container reads its own group's configuration at
 * start without credentials (its IP identifies it); everyone else authenticates.
 */
@RestController
@RequestMapping("/api/config/{app}/{env}/{group}")
@Tag(name = "Config center")
public class ConfigController {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigController.class);
  private final Inventory inventory;
  private final ConfigStore store;
  private final ConfigPublisher publisher;
  private final IdentityService identity;

  public ConfigController(Inventory inventory, ConfigStore store, ConfigPublisher publisher, IdentityService identity) {
    this.inventory = inventory;
    this.store = store;
    this.publisher = publisher;
    this.identity = identity;
  }

  /** What {@code PUT} takes: the whole new set of properties, and why. */
  public record ConfigChange(Map<String, String> properties, String comment) {
  }

  @GetMapping
  @Operation(summary = "The current (or a given) version; format=properties gives key=value lines for containers")
  public ResponseEntity<?> get(@PathVariable String app, @PathVariable String env, @PathVariable String group,
      @RequestParam(required = false) Integer version, @RequestParam(defaultValue = "json") String format,
      HttpServletRequest request) {
    AppGroup g = group(app, env, group);
    Authentication auth = identity.getCurrentAuthentication();
    if (auth == null && !inventory.isContainerOfGroup(request.getRemoteAddr(), g.id())) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"Elastic Cloud\"")
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(ApiProblems.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required",
              "only a container of " + app + "/" + env + "/" + group + " may read it without credentials"));
    }
    ConfigSet set = (version == null ? store.current(g.id()) : store.version(g.id(), version))
        .orElseThrow(() -> new NotFoundException("configuration of " + app + "/" + env + "/" + group,
            version == null ? "(any version)" : "version " + version));
    if ("properties".equals(format)) {
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).header("X-Config-Version", Integer.toString(set.version()))
          .body(ConfigSet.render(set.properties()));
    }
    if (!"json".equals(format)) {
      throw new ValidationException("format", "must be json or properties");
    }
    return ResponseEntity.ok(view(app, env, group, set));
  }

  @PutMapping
  @Operation(summary = "Store a new version (the whole set) and publish it")
  public ResponseEntity<Map<String, Object>> put(@PathVariable String app, @PathVariable String env,
      @PathVariable String group, @RequestBody ConfigChange change) {
    ConfigSet.validate(change.properties(), change.comment());
    AppGroup g = group(app, env, group);
    ConfigSet stored = store.append(g.id(), change.properties(), author(), change.comment());
    return created(app, env, group, stored);
  }

  @PostMapping("/rollback")
  @Operation(summary = "Make an older version current again (as a new version; history is kept)")
  public ResponseEntity<Map<String, Object>> rollback(@PathVariable String app, @PathVariable String env,
      @PathVariable String group, @RequestParam int toVersion) {
    AppGroup g = group(app, env, group);
    ConfigSet old = store.version(g.id(), toVersion)
        .orElseThrow(() -> new ValidationException("toVersion", "no version " + toVersion + " of this group"));
    ConfigSet stored = store.append(g.id(), old.properties(), author(), "rollback to version " + toVersion);
    return created(app, env, group, stored);
  }

  @GetMapping("/history")
  public List<Map<String, Object>> history(@PathVariable String app, @PathVariable String env,
      @PathVariable String group, @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 500) {
      throw new ValidationException("limit", "must be between 1 and 500");
    }
    AppGroup g = group(app, env, group);
    return store.history(g.id(), limit).stream().map(s -> view(app, env, group, s)).toList();
  }

  private ResponseEntity<Map<String, Object>> created(String app, String env, String group, ConfigSet stored) {
    Map<String, Object> body = view(app, env, group, stored);
    boolean published = true;
    try {
      publisher.publish(app, env, group, stored.version());
    } catch (RuntimeException e) {
      published = false;
      LOG.warn("ECP-CFG-002 version {} of {}/{}/{} stored but not published: {}", stored.version(), app, env, group,
          e.getMessage());
    }
    body.put("published", published);
    return ResponseEntity.created(URI.create("/api/config/" + app + "/" + env + "/" + group + "?version="
        + stored.version())).body(body);
  }

  private AppGroup group(String app, String env, String group) {
    return inventory.findGroup(app, env, group)
        .orElseThrow(() -> new NotFoundException("group", app + "/" + env + "/" + group));
  }

  private String author() {
    Authentication auth = identity.getCurrentAuthentication();
    return auth == null ? null : auth.getUserId();
  }

  private static Map<String, Object> view(String app, String env, String group, ConfigSet s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("application", app);
    out.put("environment", env);
    out.put("group", group);
    out.put("version", s.version());
    out.put("properties", s.properties());
    out.put("author", s.author());
    out.put("comment", s.comment());
    out.put("createdAt", s.createdAt());
    return out;
  }
}
