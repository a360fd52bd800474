package org.elasticcloud.systemtest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.LocalDockerVolumes;
import org.elasticcloud.integrations.grants.MySqlDatabaseGrants;
import org.elasticcloud.integrations.zookeeper.CuratorObservationRegistry;
import org.elasticcloud.integrations.zookeeper.CuratorOperationQueue;

/**
 * What really exists, read straight from the real systems through the platform's own adapters
 * (not through the nodes), set against the platform's inventory read straight from its database:
 * containers on every engine, ports, volumes, grants, VIP members and monitoring registrations.
 */
final class Reality {
  private final Cluster cluster;
  private final ContainerRuntime runtime;
  private final LocalDockerVolumes volumes;
  private final MySqlDatabaseGrants grants;
  private final CuratorObservationRegistry observation;
  final CuratorOperationQueue queue;

  Reality(Cluster cluster) {
    this.cluster = cluster;
    this.runtime = new DockerContainerRuntime(cluster.engines);
    this.volumes = new LocalDockerVolumes(cluster.engines, cluster.dir.resolve("volumes"), cluster.hosts::get);
    this.grants = new MySqlDatabaseGrants(Map.of(cluster.appServer(), new MySqlDatabaseGrants.AdminAccount("ecloud", "ecloud")));
    this.observation = new CuratorObservationRegistry(cluster.curator, "/ecloud");
    this.queue = new CuratorOperationQueue(cluster.curator, "/ecloud");
  }

  /** Differences between the inventory and the real systems, by kind; empty lists when they match. */
  record Drift(Map<String, List<String>> orphans, Map<String, List<String>> missing, List<String> duplicates) {
    int orphanCount() {
      return orphans.values().stream().mapToInt(List::size).sum();
    }

    int missingCount() {
      return missing.values().stream().mapToInt(List::size).sum();
    }

    String summary() {
      return "orphans " + orphans.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size())
          .collect(Collectors.joining(", ")) + "; missing " + missing.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue().size()).collect(Collectors.joining(", "))
          + "; duplicates " + duplicates.size();
    }
  }

  Drift drift(List<String> applications) throws Exception {
    List<Map<String, Object>> rows = cluster.query("SELECT c.name, c.ip, c.data_volume, c.log_volume, h.name AS host "
        + "FROM container c JOIN host h ON h.id = c.host_id");
    Map<String, List<String>> orphans = new LinkedHashMap<>();
    Map<String, List<String>> missing = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    Set<String> mine = new TreeSet<>();
    Set<String> ips = new TreeSet<>();
    Set<String> vols = new TreeSet<>();
    for (Map<String, Object> r : rows) {
      String name = (String) r.get("name");
      if (applications.stream().anyMatch(a -> name.startsWith(a + "-"))) {
        mine.add(name + "@" + r.get("host"));
        if (!ips.add((String) r.get("ip"))) {
          duplicates.add("ip " + r.get("ip"));
        }
        vols.add((String) r.get("data_volume"));
        vols.add((String) r.get("log_volume"));
      }
    }
    Set<String> names = mine.stream().map(n -> n.substring(0, n.indexOf('@'))).collect(Collectors.toCollection(TreeSet::new));

    // containers on every engine, labelled with one of the applications
    Set<String> real = new TreeSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Map.Entry<String, String> h : cluster.hosts.entrySet()) {
      for (String app : applications) {
        for (ContainerRuntime.ContainerStatus s : runtime.list(h.getValue(), Map.of(ContainerBlueprint.LABEL_APP, app))) {
          real.add(s.name() + "@" + h.getKey());
          seen.merge(s.name(), 1, Integer::sum);
        }
      }
    }
    seen.forEach((n, c) -> {
      if (c > 1) {
        duplicates.add("container " + n + " on " + c + " hosts");
      }
    });
    compare("container", mine, real, orphans, missing);

    Set<String> ports = new TreeSet<>();
    for (Map<String, Object> p : cluster.query("SELECT name FROM network_port")) {
      String n = (String) p.get("name");
      if (applications.stream().anyMatch(a -> n.startsWith(a + "-"))) {
        ports.add(n);
      }
    }
    compare("port", names, ports, orphans, missing);

    Set<String> realVolumes = volumes.list().stream().map(v -> v.name())
        .filter(n -> applications.stream().anyMatch(a -> n.startsWith(a + "-")))
        .collect(Collectors.toCollection(TreeSet::new));
    compare("volume", vols, realVolumes, orphans, missing);

    Set<String> grantIps = new TreeSet<>();
    Set<String> vipMembers = new TreeSet<>();
    for (String app : applications) {
      for (String host : grants.grantedHosts(cluster.appServer(), Cluster.templateUser(app))) {
        if (!cluster.templateIps.contains(host)) {
          grantIps.add(host);
        }
      }
      loadBalancer(app).forEach(vipMembers::add);
    }
    compare("grant", ips, grantIps, orphans, missing);
    compare("vip-member", names, vipMembers, orphans, missing);

    Set<String> monitored = observation.monitored().stream().map(m -> m.containerName())
        .filter(n -> applications.stream().anyMatch(a -> n.startsWith(a + "-")))
        .collect(Collectors.toCollection(TreeSet::new));
    compare("monitoring", names, monitored, orphans, missing);
    return new Drift(orphans, missing, duplicates);
  }

  private List<String> loadBalancer(String app) {
    try {
      return cluster.loadBalancer.members(Cluster.vipName(app)).stream().map(LoadBalancer.Member::name).toList();
    } catch (RuntimeException noVipYet) {
      return List.of();
    }
  }

  private static void compare(String kind, Set<String> inventory, Set<String> real, Map<String, List<String>> orphans,
      Map<String, List<String>> missing) {
    orphans.put(kind, real.stream().filter(x -> !inventory.contains(x)).toList());
    missing.put(kind, inventory.stream().filter(x -> !real.contains(x)).toList());
  }

  /** Clean-up after the run: every container, port-less volume, grant and registration of these applications. */
  void removeEverything(List<String> applications) {
    for (Map.Entry<String, String> h : cluster.hosts.entrySet()) {
      for (String app : applications) {
        for (ContainerRuntime.ContainerStatus s : runtime.list(h.getValue(), Map.of(ContainerBlueprint.LABEL_APP, app))) {
          runtime.remove(h.getValue(), s.name());
        }
      }
    }
    volumes.list().stream().filter(v -> applications.stream().anyMatch(a -> v.name().startsWith(a + "-")))
        .forEach(v -> {
          if (v.attachedHost() != null) {
            volumes.detach(v.name(), v.attachedHost());
          }
          volumes.delete(v.name());
        });
    observation.monitored().stream().filter(m -> applications.stream().anyMatch(a -> m.containerName().startsWith(a + "-")))
        .forEach(m -> observation.forget(m.containerName()));
  }

}
