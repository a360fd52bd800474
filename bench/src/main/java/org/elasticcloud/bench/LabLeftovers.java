package org.elasticcloud.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.elasticcloud.integrations.vip.HaproxyLoadBalancer;

/**
 * What a bench run made in the lab, removed whatever happened to the run (a bench that fails half
 * way must not leave containers whose IPs the next run's fresh platform hands out again): the
 * application's containers (by label) and volumes (by name) on the given engines, its database
 * accounts and schema on the lab MariaDB, its VIP in the lab HAProxy. Best effort, every step.
 */
final class LabLeftovers {
  private LabLeftovers() {
  }

  static void remove(String app, List<String> engineEndpoints, String dbUser, String schema, String vipName) {
    List<String> problems = new ArrayList<>();
    try (DockerEngines engines = new DockerEngines(Duration.ofSeconds(3), Duration.ofSeconds(60))) {
      for (String endpoint : engineEndpoints) {
        try {
          DockerClient client = engines.client(endpoint);
          for (Container c : client.listContainersCmd().withShowAll(true)
              .withLabelFilter(java.util.Map.of("org.elasticcloud.app", app)).exec()) {
            client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
          }
          List<InspectVolumeResponse> volumes = client.listVolumesCmd().exec().getVolumes();
          for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            if (v.getName().startsWith(app + "-")) {
              client.removeVolumeCmd(v.getName()).exec();
            }
          }
        } catch (RuntimeException e) {
          problems.add(endpoint + ": " + e);
        }
      }
    } catch (Exception e) {
      problems.add("engines: " + e);
    }
    try (Connection c = DriverManager.getConnection(System.getenv("ECLOUD_LAB_JDBC_URL"), "ecloud", "ecloud");
        Statement s = c.createStatement()) {
      List<String> accounts = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT Host FROM mysql.user WHERE User = '" + dbUser + "'")) {
        while (rs.next()) {
          accounts.add("'" + dbUser + "'@'" + rs.getString(1) + "'");
        }
      }
      for (String a : accounts) {
        s.execute("DROP USER IF EXISTS " + a);
      }
      s.execute("DROP DATABASE IF EXISTS " + schema);
    } catch (Exception e) {
      problems.add("MariaDB: " + e);
    }
    try {
      new HaproxyLoadBalancer(new HaproxyLoadBalancer.Settings(Path.of(System.getenv("ECLOUD_LAB_HAPROXY_SOCKET")),
          Path.of(System.getenv("ECLOUD_LAB_HAPROXY_VIPS")),
          List.of(System.getenv("ECLOUD_LAB_HAPROXY_CTL"), "reload"), System.getenv("ECLOUD_LAB_VIP_RANGE"),
          Duration.ofSeconds(10))).removeVip(vipName);
    } catch (RuntimeException e) {
      problems.add("HAProxy: " + e);
    }
    if (!problems.isEmpty()) {
      System.err.println("clean-up of " + app + " left something behind: " + problems);
    }
  }

  /** The lab's engines d1-d3. */
  static List<String> labEngines() {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      out.add(System.getenv("ECLOUD_LAB_DOCKER_" + i));
    }
    return out;
  }
}
