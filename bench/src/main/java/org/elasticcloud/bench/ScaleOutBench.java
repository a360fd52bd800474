package org.elasticcloud.bench;

import static org.elasticcloud.bench.PlatformApi.get;
import static org.elasticcloud.bench.PlatformApi.id;
import static org.elasticcloud.bench.PlatformApi.post;
import static org.elasticcloud.bench.PlatformApi.registerTemplate;
import static org.elasticcloud.bench.PlatformApi.send;
import static org.elasticcloud.bench.PlatformApi.until;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Scale-out of N containers over the lab's 3 hosts through the running platform's REST API, from
 * the call to every container ready (port, volumes, container, template grants on MariaDB, healthy,
 * UP behind the HAProxy VIP), against the floor: raw docker-java create+start of the same image
 * with 3 workers in the same run. Also reports each container's time from started to ready.
 *
 * <p>Args: platform base URL, admin password, N (30). Environment: the lab's (lab/up.sh).
 */
public final class ScaleOutBench {

  private ScaleOutBench() {
  }

  public static void main(String[] args) throws Exception {
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    try {
      run(args, run);
    } finally {
      LabLeftovers.remove("bn" + run, LabLeftovers.labEngines(), "bench_" + run, "bench_" + run, "bench-" + run);
    }
  }

  private static void run(String[] args, String run) throws Exception {
    PlatformApi.connect(args[0], args[1]);
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    // a VIP address of this run's own, so a run that died before its scale-in cannot be in the way
    String vipAddress = "10.211.14." + (100 + new java.util.Random().nextInt(100));
    String jdbc = System.getenv("ECLOUD_LAB_JDBC_URL");
    String schema = "bench_" + run;
    String dbUser = "bench_" + run;
    try (Connection c = DriverManager.getConnection(jdbc, "ecloud", "ecloud"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + schema);
      s.execute("CREATE USER '" + dbUser + "'@'10.211.9.250' IDENTIFIED BY 'bench-pass'");
      s.execute("GRANT SELECT ON " + schema + ".* TO '" + dbUser + "'@'10.211.9.250'");
    }
    long dc = id(post("/api/datacenters", "{\"name\":\"bench-" + run + "\"}"));
    long sw = id(post("/api/switches", "{\"datacenterId\":" + dc + ",\"name\":\"sw\"}"));
    for (int i = 1; i <= 3; i++) {
      post("/api/hosts", "{\"switchId\":" + sw + ",\"name\":\"d" + i + "\",\"cores\":16,\"memoryMb\":32768,"
          + "\"diskGb\":500,\"engineEndpoint\":\"" + System.getenv("ECLOUD_LAB_DOCKER_" + i) + "\"}");
    }
    for (int i = 1; i <= 3; i++) {
      String host = "d" + i;
      until(() -> "READY".equals(get("/api/hosts/by-name/" + host).path("state").asText()), Duration.ofSeconds(60));
    }
    long dept = id(post("/api/departments", "{\"name\":\"bench-" + run + "\"}"));
    long owner = id(post("/api/owners", "{\"name\":\"bench-" + run + "\",\"email\":\"b@example.org\",\"departmentId\":" + dept + "}"));
    String app = "bn" + run;
    long appId = id(post("/api/applications", "{\"name\":\"" + app + "\",\"ownerId\":" + owner + "}"));
    long spec = id(post("/api/specs", "{\"name\":\"bench-" + run + "\",\"cores\":1,\"memoryMb\":64,\"diskGb\":1}"));
    long group = id(post("/api/groups", "{\"applicationId\":" + appId + ",\"environmentId\":1,\"name\":\"g\",\"specId\":"
        + spec + ",\"minInstances\":0,\"maxInstances\":" + (n + 10) + "}"));
    registerTemplate(group, "{\"containerName\":\"" + app + "-production-g-0\","
        + "\"containerIp\":\"10.211.9.250\",\"grants\":[{\"server\":\"" + jdbc + "\",\"schema\":\"" + schema
        + "\",\"user\":\"" + dbUser + "\",\"privileges\":\"SELECT\"}],\"vip\":{\"name\":\"bench-" + run
        + "\",\"address\":\"" + vipAddress + "\",\"port\":80,\"memberPort\":8080,\"healthPath\":\"/health\"}}");
    send("PUT", "/api/config/" + app + "/production/g", "{\"properties\":{\"bench\":\"" + run + "\"}}");

    // BENCH_ROUNDS (2) rounds on the same platform: the first meets a JVM that just started (the JIT
    // compiles the platform's paths while it works), the next ones one that has done this before
    int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "2"));
    for (int r = 1; r <= rounds; r++) {
      round(r == 1 ? "round 1 (platform just started)" : "round " + r + " (platform warm)", n, group, dc);
    }
  }

  private static void round(String round, int n, long group, long dc) throws Exception {
    // the floor: raw docker-java, 3 workers, same image and limits, explicit IP and MAC
    CpuAccount floorCpu = CpuAccount.start();
    long floorMs = rawFloor(n);
    String floorCpuSummary = floorCpu.summary(6);

    CpuAccount platformCpu = CpuAccount.start();
    Instant t0 = Instant.now();
    String scaleOut = post("/api/groups/" + group + "/scale-out", "{\"count\":" + n + ",\"datacenterId\":" + dc
        + ",\"image\":\"ecloud/sample-app:1\"}").path("processInstanceId").asText();
    // polled twice a second: the time is the process's own end time, not when a poll saw it
    until(() -> {
      JsonNode st = get("/api/processes/" + scaleOut);
      if (st.path("incidents").size() > 0) {
        throw new IllegalStateException("scale-out has incidents: " + st.path("incidents"));
      }
      return !"ACTIVE".equals(st.path("state").asText());
    }, Duration.ofMinutes(5), Duration.ofMillis(500));
    String platformCpuSummary = platformCpu.summary(8);
    JsonNode status = get("/api/processes/" + scaleOut);
    long platformMs = Duration.between(t0, instant(status.path("endTime"))).toMillis();
    List<Long> readyAfterStart = new ArrayList<>();
    JsonNode slowest = null;
    long slowestMs = -1;
    JsonNode last = null;
    Instant lastReady = Instant.MIN;
    for (JsonNode steps : status.path("containers")) {
      Instant started = endOf(steps, "Task_StartContainer");
      Instant ready = endOf(steps, "Task_MarkContainerReady");
      if (started != null && ready != null) {
        long ms = Duration.between(started, ready).toMillis();
        readyAfterStart.add(ms);
        if (ms > slowestMs) {
          slowestMs = ms;
          slowest = steps;
        }
        if (ready.isAfter(lastReady)) {
          lastReady = ready;
          last = steps;
        }
      }
    }
    readyAfterStart.sort(Long::compare);
    Map<String, List<Long>> stepMs = new java.util.TreeMap<>();
    status.path("containers").forEach(steps -> steps.forEach(st -> {
      if (!st.path("endTime").isNull() && !st.path("endTime").isMissingNode()) {
        stepMs.computeIfAbsent(st.path("activityId").asText(), k -> new ArrayList<>()).add(Duration.between(
            instant(st.path("startTime")), instant(st.path("endTime"))).toMillis());
      }
    }));
    String state = status.path("state").asText();

    String scaleIn = post("/api/groups/" + group + "/scale-in", "{\"count\":" + n + ",\"datacenterId\":" + dc + "}")
        .path("processInstanceId").asText();
    until(() -> !"ACTIVE".equals(get("/api/processes/" + scaleIn).path("state").asText()), Duration.ofMinutes(10),
        Duration.ofMillis(500));

    System.out.printf(Locale.ROOT, "%s: scale-out of %d containers over 3 hosts (%s), REST call to all ready%n",
        round, n, state);
    System.out.printf(Locale.ROOT, "%-52s %8s %8s%n", "", "ms", "ratio");
    System.out.printf(Locale.ROOT, "%-52s %8d %8s%n", "floor: raw docker-java create+start, 3 workers", floorMs, "1.00x");
    System.out.printf(Locale.ROOT, "%-52s %8d %7.2fx%n", "ScaleOutProcess (ports, grants, health, VIP)", platformMs,
        (double) platformMs / floorMs);
    System.out.println("  CPU, floor:    " + floorCpuSummary);
    System.out.println("  CPU, platform: " + platformCpuSummary);
    stepMs.forEach((step, ms) -> {
      ms.sort(Long::compare);
      System.out.printf(Locale.ROOT, "  %-28s p50 %6d ms  max %6d ms%n", step, ms.get(ms.size() / 2), ms.get(ms.size() - 1));
    });
    if (!readyAfterStart.isEmpty()) {
      System.out.printf(Locale.ROOT, "  container started -> ready: p50 %d ms, p99 %d ms, max %d ms (%d containers)%n",
          readyAfterStart.get(readyAfterStart.size() / 2),
          readyAfterStart.get(Math.min(readyAfterStart.size() - 1, (int) Math.ceil(readyAfterStart.size() * 0.99) - 1)),
          readyAfterStart.get(readyAfterStart.size() - 1), readyAfterStart.size());
      // where the time went: the slowest one's and the last one's steps, ms after the REST call
      System.out.println(timeline("  the slowest container's steps (start-end, ms after the call):", slowest, t0));
      System.out.println(timeline("  the last container's steps (start-end, ms after the call):   ", last, t0));
      // and the scale-out's own steps after its containers (the join, the end)
      System.out.println(timeline("  the scale-out's steps (start-end, ms after the call):        ", status.path("steps"), t0));
    }
  }

  /** When the (last run of the) step ended; null when it never did. */
  private static Instant endOf(JsonNode steps, String activityId) {
    Instant end = null;
    for (JsonNode s : steps) {
      if (s.path("activityId").asText().equals(activityId) && !s.path("endTime").isNull()) {
        end = instant(s.path("endTime"));
      }
    }
    return end;
  }

  /** Each step as {@code name start-end} in ms after {@code t0}; the scale-out's 30 call activities left out. */
  private static String timeline(String title, JsonNode steps, Instant t0) {
    StringBuilder line = new StringBuilder(title);
    for (JsonNode st : steps) {
      String activity = st.path("activityId").asText();
      if (activity.equals("CallActivity_Container")) {
        continue;
      }
      String end = st.path("endTime").isNull() ? "?"
          : String.valueOf(Duration.between(t0, instant(st.path("endTime"))).toMillis());
      line.append(String.format(Locale.ROOT, " %s %d-%s", activity.replace("Task_", ""),
          Duration.between(t0, instant(st.path("startTime"))).toMillis(), end));
    }
    return line.toString();
  }

  /** A timestamp as the API writes it ({@code 2026-11-27T07:35:10.778+00:00}). */
  private static Instant instant(JsonNode time) {
    return java.time.OffsetDateTime.parse(time.asText()).toInstant();
  }

  private static long rawFloor(int n) throws Exception {
    List<String> engines = new ArrayList<>();
    for (int h = 1; h <= 3; h++) {
      engines.add(System.getenv("ECLOUD_LAB_DOCKER_" + h));
    }
    return RawCreateFloor.createAndStart(engines, System.getenv("ECLOUD_LAB_NETWORK"), n, "10.211.8.", 8);
  }
}
