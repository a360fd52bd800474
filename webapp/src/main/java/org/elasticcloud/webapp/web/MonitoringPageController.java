package org.elasticcloud.webapp.web;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.db.HostHealthStore;
import org.elasticcloud.db.Inventory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The monitoring pages: load by application (per group and datacenter, aggregated or per
 * instance), by instance and by host, for every metric, drawn in the browser from
 * {@code GET /api/metrics/series} and refreshed live. The pages only name what to draw; the data
 * comes from the API with the same authentication.
 */
@Controller
public class MonitoringPageController {
  /** How many of a host's latest health events its page lists. */
  static final int HOST_EVENTS = 20;
  private final Inventory inventory;
  private final HostHealthStore health;

  public MonitoringPageController(Inventory inventory, HostHealthStore health) {
    this.inventory = inventory;
    this.health = health;
  }

  /** The metrics drawn on every page, in the order of the seed's list. */
  static List<Metric> charted() {
    return List.of(Metric.values()).stream().filter(m -> m != Metric.MEMORY_LIMIT).toList();
  }

  @GetMapping("/monitoring")
  public String index(Model model) {
    Map<Long, String> environments = names(inventory.environments.findAll(), Environment::id, Environment::name);
    Map<Long, List<AppGroup>> groupsByApp = inventory.groups.findAll().stream()
        .collect(Collectors.groupingBy(AppGroup::applicationId));
    Map<Long, Long> containersByGroup = inventory.containers.findAll().stream()
        .collect(Collectors.groupingBy(Container::groupId, Collectors.counting()));
    List<Map<String, Object>> apps = inventory.applications.findAll().stream()
        .sorted(Comparator.comparing(Application::name))
        .map(app -> {
          List<AppGroup> groups = groupsByApp.getOrDefault(app.id(), List.of());
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("name", app.name());
          row.put("groups", groups.stream()
              .map(g -> environments.get(g.environmentId()) + "/" + g.name()).sorted().toList());
          row.put("containers", groups.stream()
              .mapToLong(g -> containersByGroup.getOrDefault(g.id(), 0L)).sum());
          return row;
        }).toList();
    model.addAttribute("applications", apps);
    model.addAttribute("hosts", inventory.hosts.findAll().stream()
        .sorted(Comparator.comparing(Host::name)).toList());
    return "monitoring/index";
  }

  @GetMapping("/monitoring/applications/{name}")
  public String application(@PathVariable String name, Model model) {
    Application app = inventory.applications.findOneBy("name", name)
        .orElseThrow(() -> notFound("application", name));
    Map<Long, String> environments = names(inventory.environments.findAll(), Environment::id, Environment::name);
    List<AppGroup> groups = inventory.groups.findBy("applicationId", app.id());
    Map<Long, AppGroup> groupById = groups.stream().collect(Collectors.toMap(AppGroup::id, g -> g));
    List<Container> containers = groups.stream()
        .flatMap(g -> inventory.containers.findBy("groupId", g.id()).stream())
        .sorted(Comparator.comparing(Container::name)).toList();
    Map<Long, Host> hosts = inventory.hosts.findAll().stream().collect(Collectors.toMap(Host::id, h -> h));
    model.addAttribute("appName", app.name());
    model.addAttribute("environments", new TreeSet<>(groups.stream()
        .map(g -> environments.get(g.environmentId())).toList()));
    model.addAttribute("groups", new TreeSet<>(groups.stream().map(AppGroup::name).toList()));
    model.addAttribute("datacenters", new TreeSet<>(inventory.datacenters.findAll().stream()
        .map(Datacenter::name).toList()));
    model.addAttribute("containers", containers.stream().map(c -> Map.of(
        "name", c.name(),
        "group", environments.get(groupById.get(c.groupId()).environmentId()) + "/"
            + groupById.get(c.groupId()).name(),
        "host", c.hostId() == null ? "" : hosts.get(c.hostId()).name(),
        "ip", c.ip() == null ? "" : c.ip(),
        "state", c.state().name())).toList());
    model.addAttribute("metrics", charted());
    return "monitoring/application";
  }

  @GetMapping("/monitoring/containers/{name}")
  public String container(@PathVariable String name, Model model) {
    Container container = inventory.containers.findOneBy("name", name)
        .orElseThrow(() -> notFound("container", name));
    AppGroup group = inventory.groups.find(container.groupId()).orElseThrow();
    model.addAttribute("container", container);
    model.addAttribute("appName", inventory.applications.find(group.applicationId())
        .map(Application::name).orElse(""));
    model.addAttribute("host", container.hostId() == null ? ""
        : inventory.hosts.find(container.hostId()).map(Host::name).orElse(""));
    model.addAttribute("metrics", charted());
    return "monitoring/container";
  }

  @GetMapping("/monitoring/hosts/{name}")
  public String host(@PathVariable String name, Model model) {
    Host host = inventory.hosts.findOneBy("name", name)
        .orElseThrow(() -> notFound("host", name));
    NetworkSwitch sw = inventory.switches.find(host.switchId()).orElseThrow();
    model.addAttribute("host", host);
    model.addAttribute("switchName", sw.name());
    model.addAttribute("datacenter", inventory.datacenters.find(sw.datacenterId())
        .map(Datacenter::name).orElse(""));
    model.addAttribute("containers", inventory.containers.findBy("hostId", host.id()).stream()
        .sorted(Comparator.comparing(Container::name)).toList());
    // its conditions: what host health knows (probes, agent, fencing) and the latest transitions,
    // hardware faults among them with the failed check
    model.addAttribute("health", health.health(host.id()));
    model.addAttribute("events", health.events(host.id(), HOST_EVENTS));
    model.addAttribute("metrics", charted());
    return "monitoring/host";
  }

  /** A page that does not exist: the container's error page with 404. */
  private static ResponseStatusException notFound(String what, String name) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, what + " " + name + " does not exist");
  }

  private static <T> Map<Long, String> names(List<T> items, Function<T, Long> id, Function<T, String> name) {
    return items.stream().collect(Collectors.toMap(id, name));
  }
}
