package org.elasticcloud.bench;

import static org.elasticcloud.bench.PlatformApi.get;
import static org.elasticcloud.bench.PlatformApi.hostState;
import static org.elasticcloud.bench.PlatformApi.id;
import static org.elasticcloud.bench.PlatformApi.post;
import static org.elasticcloud.bench.PlatformApi.registerTemplate;
import static org.elasticcloud.bench.PlatformApi.send;
import static org.elasticcloud.bench.PlatformApi.until;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.elasticcloud.core.lab.PrivateDockerEngine;

/**
 * A host that runs N containers of one group dies, through the running platform: a private Docker
 * engine (d9, on the lab's L2 segment, without live-restore: stopping it stops its containers, so
 * nothing of the host serves any more) with a real agent (the packaged jar) registered in the
 * platform's ZooKeeper. The agent is killed (SIGKILL: its session must expire) and the engine is
 * stopped; the bench measures apart the detection (engine gone → host DOWN over REST) and the
 * migration (DOWN → every container answering again on its own IP, and → HostFailureProcess ended:
 * VIP members enabled, registrations moved). Next to it, in the same run, the time to create the same
 * N containers from scratch: the platform's scale-out of them (ports, volumes, grants, health, VIP) on
 * the host before it dies, and raw docker create+start of N on one engine.
 *
 * <p>Args: platform base URL, admin password, N (30), ZooKeeper connect string, agent jar.
 * Environment: the lab's (lab/up.sh). Prints the measurements; exits 1 if a container did not come
 * back with its IP.
 */
public final class MigrationBench {
  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private MigrationBench() {
  }

  public static void main(String[] args) throws Exception {
    String password = args[1];
    PlatformApi.connect(args[0], args[1]);
    int n = Integer.parseInt(args[2]);
    String zk = args[3];
    Path agentJar = Path.of(args[4]);
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    String vipName = "mig-" + run;
    String vipAddress = "10.211.14." + (200 + new Random().nextInt(50));
    String jdbc = System.getenv("ECLOUD_LAB_JDBC_URL");
    String schema = "migbench_" + run;
    String dbUser = "mig_" + run;
    String templateIp = "10.211.9.251";
    String app = "mg" + run;
    PrivateDockerEngine engine = new PrivateDockerEngine(9, false);
    Process agent = null;
    Path agentLog = Files.createTempFile("ecloud-migbench-agent-", ".log");
    try {
      engine.start().joinLabNetwork(System.getenv("ECLOUD_LAB_NETWORK"), System.getenv("ECLOUD_LAB_SUBNET"),
          System.getenv("ECLOUD_LAB_GATEWAY"), "10.211.15.128/25", "lab0")
          .pullImage(System.getenv("ECLOUD_LAB_REGISTRY"), "ecloud/sample-app:1");
      try (Connection c = DriverManager.getConnection(jdbc, "ecloud", "ecloud"); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + schema);
        s.execute("CREATE USER '" + dbUser + "'@'" + templateIp + "' IDENTIFIED BY 'bench-pass'");
        s.execute("GRANT SELECT ON " + schema + ".* TO '" + dbUser + "'@'" + templateIp + "'");
      }
      long dc = id(post("/api/datacenters", "{\"name\":\"mig-" + run + "\"}"));
      long sw = id(post("/api/switches", "{\"datacenterId\":" + dc + ",\"name\":\"sw\"}"));
      // the dying host first, alone: the group goes there; its agent reports and is its member
      ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
          "-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", agentJar.toString(), "--host=d9",
          "--docker=" + engine.endpoint(), "--cgroup-parent=/private-d9", "--zk-connect=" + zk,
          "--platform=" + PlatformApi.base(), "--user=admin", "--interval=5s")
          .redirectErrorStream(true).redirectOutput(agentLog.toFile());
      pb.environment().put("ECLOUD_AGENT_PASSWORD", password);
      agent = pb.start();
      post("/api/hosts", "{\"switchId\":" + sw + ",\"name\":\"d9\",\"cores\":" + (n + 4) + ",\"memoryMb\":65536,"
          + "\"diskGb\":500,\"engineEndpoint\":\"" + engine.endpoint() + "\"}");
      until(() -> "READY".equals(hostState("d9")), Duration.ofSeconds(60));
      until(() -> {
        for (JsonNode m : get("/api/cluster")) {
          if ("agent".equals(m.path("role").asText()) && "d9".equals(m.path("id").asText())) {
            return true;
          }
        }
        return false;
      }, Duration.ofSeconds(60));
      long dept = id(post("/api/departments", "{\"name\":\"mig-" + run + "\"}"));
      long owner = id(post("/api/owners", "{\"name\":\"mig-" + run + "\",\"email\":\"m@example.org\",\"departmentId\":"
          + dept + "}"));
      long appId = id(post("/api/applications", "{\"name\":\"" + app + "\",\"ownerId\":" + owner + "}"));
      long spec = id(post("/api/specs", "{\"name\":\"mig-" + run + "\",\"cores\":1,\"memoryMb\":64,\"diskGb\":1}"));
      long group = id(post("/api/groups", "{\"applicationId\":" + appId + ",\"environmentId\":1,\"name\":\"g\","
          + "\"specId\":" + spec + ",\"minInstances\":0,\"maxInstances\":" + (n + 10) + "}"));
      registerTemplate(group, "{\"containerName\":\"" + app + "-production-g-0\","
          + "\"containerIp\":\"" + templateIp + "\",\"grants\":[{\"server\":\"" + jdbc + "\",\"schema\":\"" + schema
          + "\",\"user\":\"" + dbUser + "\",\"privileges\":\"SELECT\"}],\"vip\":{\"name\":\"" + vipName
          + "\",\"address\":\"" + vipAddress + "\",\"port\":80,\"memberPort\":8080,\"healthPath\":\"/health\"}}");
      send("PUT", "/api/config/" + app + "/production/g", "{\"properties\":{\"bench\":\"" + run + "\"}}");

      // from scratch, raw: docker create+start of N on the engine that will die, 3 workers
      long rawMs = RawCreateFloor.createAndStart(List.of(engine.endpoint()), System.getenv("ECLOUD_LAB_NETWORK"), n,
          "10.211.15.", 0x15);
      // from scratch, the platform: scale-out of N onto it
      long t0 = System.nanoTime();
      String scaleOut = post("/api/groups/" + group + "/scale-out", "{\"count\":" + n + ",\"datacenterId\":" + dc
          + ",\"image\":\"ecloud/sample-app:1\"}").path("processInstanceId").asText();
      until(() -> !"ACTIVE".equals(checked(scaleOut).path("state").asText()), Duration.ofMinutes(5));
      long scaleOutMs = ms(System.nanoTime() - t0);
      Map<String, String> ipOf = new HashMap<>();
      for (JsonNode c : get("/api/containers?groupId=" + group + "&limit=500")) {
        ipOf.put(c.path("name").asText(), c.path("ip").asText());
      }
      if (ipOf.size() != n) {
        throw new IllegalStateException("scale-out made " + ipOf.size() + " containers, not " + n + ": "
            + get("/api/processes/" + scaleOut));
      }
      // the survivors: three lab engines
      for (int i = 1; i <= 3; i++) {
        post("/api/hosts", "{\"switchId\":" + sw + ",\"name\":\"d" + i + "\",\"cores\":" + (n + 4)
            + ",\"memoryMb\":65536,\"diskGb\":500,\"engineEndpoint\":\"" + System.getenv("ECLOUD_LAB_DOCKER_" + i) + "\"}");
      }
      for (int i = 1; i <= 3; i++) {
        String host = "d" + i;
        until(() -> "READY".equals(hostState(host)), Duration.ofSeconds(60));
      }

      // the host dies: agent killed (its session expires), engine stopped (its containers with it)
      long died = System.nanoTime();
      agent.destroyForcibly().waitFor();
      engine.stop();
      long engineGone = System.nanoTime();
      Map<String, Long> servingAt = new ConcurrentHashMap<>();
      long[] downAt = {0};
      String[] failure = {null};
      until(() -> {
        long now = System.nanoTime();
        if (downAt[0] == 0 && "DOWN".equals(hostState("d9"))) {
          downAt[0] = now;
        }
        if (downAt[0] != 0) {
          ipOf.entrySet().parallelStream().filter(e -> !servingAt.containsKey(e.getKey()))
              .forEach(e -> {
                if (serves(e.getValue())) {
                  servingAt.put(e.getKey(), System.nanoTime());
                }
              });
        }
        if (failure[0] == null) {
          JsonNode p = get("/engine-rest/history/process-instance?processDefinitionKey=HostFailureProcess"
              + "&processInstanceBusinessKey=host-failure:d9");
          if (p.size() > 0) {
            failure[0] = p.get(0).path("id").asText();
          }
        }
        return servingAt.size() == n && failure[0] != null && !"ACTIVE".equals(checked(failure[0]).path("state").asText());
      }, Duration.ofMinutes(5));
      long allDone = System.nanoTime();
      long lastServing = servingAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      List<Long> servingAfterDown = new ArrayList<>(servingAt.values().stream().map(t -> ms(t - downAt[0])).sorted().toList());

      // every container on another host with its IP
      int keptIp = 0;
      for (JsonNode c : get("/api/containers?groupId=" + group + "&limit=500")) {
        String host = get("/api/hosts/" + c.path("hostId").asLong()).path("name").asText();
        if (!host.equals("d9") && c.path("ip").asText().equals(ipOf.get(c.path("name").asText()))) {
          keptIp++;
        }
      }

      System.out.printf(Locale.ROOT, "host d9 with %d containers of one group dies (agent SIGKILL + engine stop)%n", n);
      System.out.printf(Locale.ROOT, "%-62s %8s%n", "", "ms");
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "engine stop (its containers stop with it)", ms(engineGone - died));
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "detection: engine gone -> host DOWN", ms(downAt[0] - engineGone));
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "migration: DOWN -> first container serving on its IP",
          servingAfterDown.get(0));
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "migration: DOWN -> median container serving",
          servingAfterDown.get(servingAfterDown.size() / 2));
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "migration: DOWN -> all " + n + " serving on their IPs",
          ms(lastServing - downAt[0]));
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "migration: DOWN -> HostFailureProcess ended (VIP, registrations)",
          ms(allDone - downAt[0]));
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "total: engine gone -> all serving", ms(lastServing - engineGone));
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "from scratch: platform scale-out of " + n + " (same run)", scaleOutMs);
      System.out.printf(Locale.ROOT, "%-62s %8d%n", "from scratch: raw docker create+start of " + n + ", 3 workers", rawMs);
      System.out.printf(Locale.ROOT, "containers on another host with the same IP: %d of %d%n", keptIp, n);

      String scaleIn = post("/api/groups/" + group + "/scale-in", "{\"count\":" + n + ",\"datacenterId\":" + dc + "}")
          .path("processInstanceId").asText();
      until(() -> !"ACTIVE".equals(get("/api/processes/" + scaleIn).path("state").asText()), Duration.ofMinutes(10));
      if (keptIp != n) {
        System.exit(1);
      }
    } catch (Exception e) {
      System.err.println("agent log " + agentLog + ":\n" + Files.readString(agentLog));
      throw e;
    } finally {
      if (agent != null) {
        agent.destroyForcibly();
      }
      LabLeftovers.remove(app, LabLeftovers.labEngines(), dbUser, schema, vipName);
      engine.close();
    }
  }

  private static boolean serves(String ip) {
    try {
      HttpResponse<Void> r = PROBE.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/health"))
          .timeout(Duration.ofMillis(800)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  private static JsonNode checked(String processId) throws Exception {
    JsonNode st = get("/api/processes/" + processId);
    if (st.path("incidents").size() > 0) {
      throw new IllegalStateException("process " + processId + " has incidents: " + st.path("incidents"));
    }
    return st;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
