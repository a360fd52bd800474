package org.elasticcloud.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two platform nodes (two JVMs) on one MariaDB database and one ZooKeeper, on the lab's real Docker
 * engines, grants, HAProxy and volumes: operations of one application never overlap while different
 * applications' do; killing the node that runs an operation hands it to the other within the
 * ZooKeeper session timeout; and kill -9 at random moments loses nothing and leaves nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final String IMAGE = "ecloud/sample-app:1";
  private static Cluster cluster;
  private static Reality reality;
  private static List<String> apps;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    cluster = new Cluster(2);
    apps = List.of("sa" + cluster.run, "sb" + cluster.run, "sc" + cluster.run);
    cluster.setUpInventory(apps);
    reality = new Reality(cluster);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String scale(Rest node, String kind, String app, int count) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", count);
    body.put("datacenterId", cluster.datacenterId);
    if (kind.equals("scale-out")) {
      body.put("image", IMAGE);
    }
    Rest.Answer a = Cluster.check(node.post("/api/groups/" + cluster.groups.get(app) + "/" + kind, body), 202);
    return a.get("processInstanceId");
  }

  private static Map<String, Object> process(String id) {
    return cluster.anyAlive().get("/api/processes/" + id).body();
  }

  /** Ended at its normal end: scaled out or in (not "no host fits", not rejected). */
  @SuppressWarnings("unchecked")
  private static void assertScaled(String id) {
    Map<String, Object> p = process(id);
    assertThat(p.get("state")).as("operation %s", id).isEqualTo("COMPLETED");
    assertThat(((List<Map<String, Object>>) p.get("steps")).stream().map(st -> st.get("activityId")))
        .as("operation %s ended scaled", id).containsAnyOf("End_ScaledOut", "End_ScaledIn")
        .doesNotContain("End_NoHostFits", "End_ContainerFailed");
  }

  private static void awaitEnded(List<String> ids, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(500)).ignoreException(Rest.NodeUnreachableException.class)
        .until(() -> ids.stream().noneMatch(id -> "ACTIVE".equals(process(id).get("state"))));
  }

  /** When the operation held its application's lease: from the end of its wait to its own end. */
  private record Held(String app, String id, Instant from, Instant to) {
    boolean overlaps(Held o) {
      return from.isBefore(o.to) && o.from.isBefore(to);
    }
  }

  @SuppressWarnings("unchecked")
  private static Held held(String app, String id) {
    Map<String, Object> p = process(id);
    String leaseEnd = ((List<Map<String, Object>>) p.get("steps")).stream()
        .filter(s -> "CallActivity_TakeLease".equals(s.get("activityId"))).map(s -> (String) s.get("endTime"))
        .findFirst().orElseThrow();
    return new Held(app, id, OffsetDateTime.parse(leaseEnd).toInstant(),
        OffsetDateTime.parse((String) p.get("endTime")).toInstant());
  }

  private static int groupSize(String app) throws Exception {
    return ((Number) cluster.query("SELECT COUNT(*) AS n FROM container WHERE group_id = " + cluster.groups.get(app))
        .get(0).get("n")).intValue();
  }

  private static void assertNoDrift(String when) throws Exception {
    Reality.Drift drift = reality.drift(apps);
    System.out.println("[system] drift " + when + ": " + drift.summary());
    assertThat(drift.orphans()).as("orphans %s", when).allSatisfy((kind, list) -> assertThat(list).as(kind).isEmpty());
    assertThat(drift.missing()).as("missing %s", when).allSatisfy((kind, list) -> assertThat(list).as(kind).isEmpty());
    assertThat(drift.duplicates()).as("duplicates %s", when).isEmpty();
    for (String app : apps) {
      assertThat(reality.queue.queue(app)).as("tickets left of %s", app).isEmpty();
    }
    // the platform's own reconciler, asked now (report only), agrees
    Rest r = cluster.anyAlive();
    String report = Cluster.check(r.post("/api/reconciliations?repair=false", "{}"), 202).get("reportId");
    Map<String, Object> done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> r.get("/api/reconciliations/" + report).body(), b -> "RECORDED".equals(b.get("state")));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reported = ((List<Map<String, Object>>) done.get("items")).stream()
        .filter(i -> apps.contains(i.get("application")))
        .filter(i -> List.of("ORPHAN", "MISSING", "MISMATCH").contains(i.get("kind"))).toList();
    System.out.println("[system] reconciler " + when + ": " + done.get("counts"));
    assertThat(reported).as("the reconciler's drift %s", when).isEmpty();
  }

  @Test
  @Order(1)
  void bothNodesAreListedAndOperationsOfOneApplicationNeverOverlap() throws Exception {
    List<Map<String, Object>> members = Rest.parse(cluster.anyAlive().getRaw("/api/cluster"),
        new TypeReference<List<Map<String, Object>>>() { });
    assertThat(members).filteredOn(m -> "platform".equals(m.get("role"))).extracting(m -> m.get("id"))
        .contains(cluster.nodes.get(0).id, cluster.nodes.get(1).id);

    List<String> first = new ArrayList<>();
    for (String app : apps) {
      first.add(scale(cluster.rest(cluster.nodes.get(0)), "scale-out", app, 3));
    }
    awaitEnded(first, Duration.ofMinutes(3));

    // 20 requests at once over both nodes: scale-outs and scale-ins of three applications
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch gate = new CountDownLatch(1);
    List<Callable<String[]>> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String app = apps.get(i % 3);
      String kind = (i / 3) % 3 == 1 ? "scale-in" : "scale-out";
      Rest node = cluster.rest(cluster.nodes.get(i % 2));
      requests.add(() -> {
        gate.await();
        return new String[] {app, scale(node, kind, app, 1)};
      });
    }
    List<Future<String[]>> futures = new ArrayList<>();
    for (Callable<String[]> r : requests) {
      futures.add(pool.submit(r));
    }
    gate.countDown();
    List<String[]> started = new ArrayList<>();
    for (Future<String[]> f : futures) {
      started.add(f.get());
    }
    pool.shutdown();
    awaitEnded(started.stream().map(s -> s[1]).toList(), Duration.ofMinutes(6));

    List<Held> helds = new ArrayList<>();
    for (String id : first) {
      assertScaled(id);
    }
    for (String[] s : started) {
      assertScaled(s[1]);
      helds.add(held(s[0], s[1]));
    }
    for (String app : apps) {
      // the history keeps whole seconds (sendFractionalSeconds=false): among equal starts, the one that ended first went first
      List<Held> mine = helds.stream().filter(h -> h.app.equals(app))
          .sorted(Comparator.comparing(Held::from).thenComparing(Held::to)).toList();
      for (int i = 1; i < mine.size(); i++) {
        assertThat(mine.get(i).from).as("%s: %s starts after %s ended", app, mine.get(i).id, mine.get(i - 1).id)
            .isAfterOrEqualTo(mine.get(i - 1).to);
      }
    }
    long crossOverlaps = helds.stream().flatMap(a -> helds.stream().filter(b -> !a.app.equals(b.app) && a.overlaps(b)))
        .count();
    System.out.println("[system] 20 operations: " + crossOverlaps / 2 + " overlapping pairs of different applications");
    assertThat(crossOverlaps).as("operations of different applications overlap").isPositive();
    // both nodes ran jobs
    assertThat(cluster.query("SELECT DISTINCT HOSTNAME_ AS h FROM ACT_HI_JOB_LOG")).extracting(r -> (String) r.get("h"))
        .anySatisfy(h -> assertThat(h).startsWith(cluster.nodes.get(0).id + "@"))
        .anySatisfy(h -> assertThat(h).startsWith(cluster.nodes.get(1).id + "@"));
    assertNoDrift("after 20 concurrent operations");
  }

  @Test
  @Order(2)
  void killingTheNodeRunningAnOperationHandsItAndTheQueueToTheOther() throws Exception {
    String app = apps.get(0);
    // big enough to be still running when the second operation queues behind it
    String op1 = scale(cluster.rest(cluster.nodes.get(0)), "scale-out", app, 9);
    await("op1 holds the lease").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> reality.queue.head(app).map(t -> t.operationId().equals(op1))
        .orElse(false));
    String op2 = scale(cluster.rest(cluster.nodes.get(1)), "scale-out", app, 1);
    try {
      await("op2 waits behind op1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> String.valueOf(process(op2).get("waitingFor")).contains(op1));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      System.out.println("[system] op2 " + process(op2) + " queue " + reality.queue.queue(app) + " op1 "
          + process(op1).get("state") + " " + process(op1).get("waitingAt"));
      throw e;
    }

    List<String> seen = new ArrayList<>();
    String owner = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .failFast("op1 ended before a job of it was seen locked: " + seen, () -> seen.size() > 1
            && !"ACTIVE".equals(process(op1).get("state")))
        .until(() -> {
          // op1's jobs and its containers' (each a process instance of its own under op1)
          List<Map<String, Object>> jobs = cluster.query("SELECT LOCK_OWNER_ AS o, RETRIES_ AS r FROM ACT_RU_JOB "
              + "WHERE ROOT_PROC_INST_ID_ = '" + op1 + "'");
          seen.add(jobs.toString());
          return jobs.stream().map(r -> (String) r.get("o")).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }, o -> o != null);
    PlatformNode victim = cluster.nodes.stream().filter(n -> owner.startsWith(n.id + "@")).findFirst().orElseThrow();
    PlatformNode survivor = cluster.nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
    // job log states: 0 created, 1 failed, 2 successful, 3 deleted
    String survivorJobs = "SELECT COUNT(*) AS n FROM ACT_HI_JOB_LOG WHERE ROOT_PROC_INST_ID_ = '" + op1
        + "' AND HOSTNAME_ LIKE '" + survivor.id + "@%' AND JOB_STATE_ = 2";
    long before = ((Number) cluster.query(survivorJobs).get(0).get("n")).longValue();
    Instant killed = Instant.now();
    victim.kill9();

    // the survivor finishes the operation's locked job itself, long before Camunda's 5-minute lock expires
    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(
        () -> ((Number) cluster.query(survivorJobs).get(0).get("n")).longValue() > before);
    Duration handOver = Duration.between(killed, Instant.now());
    System.out.println("[system] kill -9 of " + victim.id + ": its operation went on on " + survivor.id + " after "
        + handOver.toMillis() + " ms (ZooKeeper session timeout 6 s, housekeeping every 2 s)");
    assertThat(handOver).isLessThan(Duration.ofSeconds(30));

    awaitEnded(List.of(op1, op2), Duration.ofMinutes(3));
    assertScaled(op1);
    assertScaled(op2);
    assertThat(held(app, op2).from()).isAfterOrEqualTo(held(app, op1).to());
    victim.start();
    assertNoDrift("after the lease holder's node was killed");
  }

  @Test
  @Order(3)
  void killMinusNineAtRandomMomentsLosesNothingAndLeavesNothing() throws Exception {
    long seed = Long.getLong("chaos.seed", 20261126L);
    int wantedKills = Integer.getInteger("chaos.kills", 10);
    Random rnd = new Random(seed);
    List<String> ops = new ArrayList<>();
    int kills = 0;
    int midJob = 0;
    int midOperation = 0;
    while (kills < wantedKills) {
      int burst = 1 + rnd.nextInt(3);
      for (int k = 0; k < burst; k++) {
        String app = apps.get(rnd.nextInt(apps.size()));
        boolean in = groupSize(app) >= 3 && rnd.nextInt(3) == 0;
        try {
          ops.add(scale(cluster.anyAlive(), in ? "scale-in" : "scale-out", app, in ? 1 : 1 + rnd.nextInt(3)));
        } catch (Rest.NodeUnreachableException justKilled) {
          // the node died under the request: nothing started
        }
      }
      Thread.sleep(100 + rnd.nextInt(1500)); // the random moment of the kill, not a wait for anything
      // mostly, kill a node in the middle of a job: look for a locked job for up to 3 s
      PlatformNode victim = null;
      if (rnd.nextInt(4) > 0) {
        long until = System.nanoTime() + 3_000_000_000L;
        while (victim == null && System.nanoTime() < until) {
          List<String> lockers = cluster.query("SELECT LOCK_OWNER_ AS o FROM ACT_RU_JOB WHERE LOCK_OWNER_ IS NOT NULL")
              .stream().map(r -> (String) r.get("o")).toList();
          String owner = lockers.isEmpty() ? null : lockers.get(rnd.nextInt(lockers.size()));
          victim = owner == null ? null
              : cluster.nodes.stream().filter(n -> owner.startsWith(n.id + "@")).findFirst().orElse(null);
        }
      }
      if (victim != null) {
        midJob++;
      } else {
        victim = cluster.nodes.get(rnd.nextInt(2));
      }
      if (((Number) cluster.query("SELECT COUNT(*) AS n FROM ACT_HI_PROCINST WHERE END_TIME_ IS NULL AND "
          + "PROC_DEF_KEY_ IN ('ScaleOutProcess', 'ScaleInProcess')").get(0).get("n")).longValue() > 0) {
        midOperation++;
      }
      victim.kill9();
      kills++;
      victim.start();
    }
    awaitEnded(ops, Duration.ofMinutes(8));

    Map<String, Long> states = new LinkedHashMap<>();
    for (String id : ops) {
      states.merge(String.valueOf(process(id).get("state")), 1L, Long::sum);
    }
    long incidents = ((Number) cluster.query("SELECT COUNT(*) AS n FROM ACT_RU_INCIDENT").get(0).get("n")).longValue();
    long failedContainers = ((Number) cluster.query("SELECT COUNT(*) AS n FROM ACT_HI_ACTINST WHERE ACT_ID_ = "
        + "'End_ContainerFailed'").get(0).get("n")).longValue();
    Reality.Drift drift = reality.drift(apps);
    System.out.printf("[system] chaos seed %d: %d kills (%d while operations ran, %d of them in the middle of a job), "
        + "%d operations %s, incidents %d, containers failed and undone %d, %s%n", seed, kills, midOperation, midJob,
        ops.size(), states, incidents,
        failedContainers, drift.summary());
    assertThat(states).containsOnlyKeys("COMPLETED");
    ops.forEach(ClusterTest::assertScaled);
    assertThat(incidents).isZero();
    assertNoDrift("after " + kills + " kills");
  }
}
