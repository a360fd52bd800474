package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.webapp.monitoring.AgentReportReceived;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Monitoring over REST on the real embedded QuestDB (in the test's data directory): reports in,
 * series and hourly maxima out, bad points and bad bodies refused, the report's event published.
 */
class MetricsApiTest extends ApiTestBase {
  private static final List<AgentReportReceived> EVENTS = new CopyOnWriteArrayList<>();
  private static boolean listening;

  @Autowired
  ConfigurableApplicationContext context;
  @Autowired
  MeterRegistry meters;
  @Autowired
  Inventory inventory;

  private final String run = UUID.randomUUID().toString().substring(0, 6);

  @BeforeEach
  void listen() {
    synchronized (EVENTS) {
      if (!listening) {
        context.addApplicationListener((ApplicationListener<ApplicationEvent>) e -> {
          if (e instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof AgentReportReceived r) {
            EVENTS.add(r);
          }
        });
        listening = true;
      }
    }
  }

  private static String point(Instant at, String kind, String name, String host, String app, String metric, Object value) {
    String subject = "{\"kind\":\"" + kind + "\",\"name\":\"" + name + "\",\"host\":\"" + host + "\""
        + (app == null ? "" : ",\"application\":\"" + app + "\",\"environment\":\"prod\",\"group\":\"web\"") + "}";
    return "{\"at\":\"" + at + "\",\"subject\":" + subject + ",\"metric\":\"" + metric + "\",\"value\":" + value + "}";
  }

  private static String report(String host, List<String> points, String conditions) {
    return "{\"agent\":\"agent-" + host + "\",\"host\":\"" + host + "\",\"sentAt\":\"" + Instant.now()
        + "\",\"points\":[" + String.join(",", points) + "],\"conditions\":[" + conditions + "]}";
  }

  private double counter(String name) {
    return meters.counter(name).count();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> getList(String path) {
    ResponseEntity<List> r = admin().getForEntity(path, List.class);
    assertThat(r.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aReportsPointsComeBackAsSeriesWithTheirDatacenter() {
    String host = "mh-" + run;
    long dc = idOf(post("/api/datacenters", "{\"name\":\"dc-" + run + "\"}"));
    long sw = idOf(post("/api/switches", "{\"datacenterId\":" + dc + ",\"name\":\"sw-" + run + "\"}"));
    inventory.hosts.insert(new Host(null, sw, host, 4, 8192L, 100L, "tcp://127.0.0.1:9", HostState.READY));
    String app = "shop" + run;
    // a multiple of 5 minutes (the 5-minute buckets below start there), 10 to 15 minutes ago
    long fiveMinutes = Duration.ofMinutes(5).toMillis();
    Instant t = Instant.ofEpochMilli(Math.floorDiv(Instant.now().minus(Duration.ofMinutes(10)).toEpochMilli(), fiveMinutes)
        * fiveMinutes);
    List<String> points = new ArrayList<>();
    points.add(point(t, "CONTAINER", app + "-prod-web-1", host, app, "cpu", 20));
    points.add(point(t.plusSeconds(10), "CONTAINER", app + "-prod-web-1", host, app, "cpu", 40));
    points.add(point(t, "CONTAINER", app + "-prod-web-2", host, app, "cpu", 90));
    points.add(point(t.plusSeconds(60), "CONTAINER", app + "-prod-web-2", host, app, "cpu", 10));
    points.add(point(t, "HOST", host, host, null, "cpu", 130));
    double acceptedBefore = counter("ecloud.metrics.points.accepted");

    ResponseEntity<Map> r = post("/api/metrics/reports", report(host, points,
        "{\"check\":\"smart\",\"healthy\":false,\"detail\":\"sda: reallocated sectors\"}"));

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(r.getBody()).containsEntry("accepted", 5).containsEntry("rejected", 0);
    assertThat((List<String>) r.getBody().get("problems")).isEmpty();
    assertThat(counter("ecloud.metrics.points.accepted") - acceptedBefore).isEqualTo(5);
    assertThat(EVENTS).filteredOn(e -> e.host().equals(host)).singleElement().satisfies(e -> {
      assertThat(e.agent()).isEqualTo("agent-" + host);
      assertThat(e.conditions()).containsExactly(new HostCondition("smart", false, "sda: reallocated sectors"));
    });

    String range = "&from=" + t + "&to=" + t.plus(Duration.ofMinutes(5));
    // per=all, sum: each container's average within the minute, summed: (20+40)/2 + 90, then 10
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(getList(
        "/api/metrics/series?metric=cpu&application=" + app + "&aggregation=sum&step=PT1M" + range))
        .singleElement().satisfies(s -> {
          assertThat(s).containsEntry("subject", null);
          assertThat((List<List<Number>>) s.get("samples")).containsExactly(
              List.of(t.toEpochMilli(), 120.0), List.of(t.plusSeconds(60).toEpochMilli(), 10.0));
        }));
    List<Map<String, Object>> perSubject = getList("/api/metrics/series?metric=cpu&kind=container&host=" + host
        + "&per=subject&aggregation=max&step=PT5M" + range);
    assertThat(perSubject).hasSize(2);
    assertThat((Map<String, Object>) perSubject.get(0).get("subject")).containsEntry("kind", "CONTAINER")
        .containsEntry("name", app + "-prod-web-1").containsEntry("host", host).containsEntry("application", app)
        .containsEntry("environment", "prod").containsEntry("group", "web").containsEntry("datacenter", "dc-" + run);
    assertThat((List<List<Number>>) perSubject.get(0).get("samples")).containsExactly(List.of(t.toEpochMilli(), 40.0));
    assertThat((List<List<Number>>) perSubject.get(1).get("samples")).containsExactly(List.of(t.toEpochMilli(), 90.0));
    // the host's own point only under kind=host; the datacenter selects too
    assertThat(getList("/api/metrics/series?metric=cpu&kind=host&host=" + host + "&step=PT5M" + range))
        .singleElement().satisfies(s -> assertThat((List<List<Number>>) s.get("samples"))
            .containsExactly(List.of(t.toEpochMilli(), 130.0)));
    assertThat(getList("/api/metrics/series?metric=cpu&application=" + app + "&datacenter=elsewhere" + range)).isEmpty();
    assertThat(getList("/api/metrics/series?metric=cpu&application=" + app + "&datacenter=dc-" + run + "&step=PT5M"
        + range)).hasSize(1);
    // without a range: the last hour, with a step the platform chooses (10 or 15 s here)
    assertThat(getList("/api/metrics/series?metric=cpu&application=" + app)).singleElement()
        .satisfies(s -> assertThat((List<List<Number>>) s.get("samples")).hasSizeBetween(2, 3)
            .last().isEqualTo(List.of(t.plusSeconds(60).toEpochMilli(), 10.0)));

    Instant hour = t.truncatedTo(ChronoUnit.HOURS);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(getList(
        "/api/metrics/hourly-max?metric=cpu&application=" + app + "&from=" + hour + "&to=" + hour.plus(Duration.ofHours(2))))
        .extracting(s -> ((Map<String, Object>) s.get("subject")).get("name"), s -> s.get("samples"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(app + "-prod-web-1", List.of(List.of(hour.toEpochMilli(), 40.0))),
            org.assertj.core.groups.Tuple.tuple(app + "-prod-web-2", List.of(List.of(hour.toEpochMilli(), 90.0)))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void malformedPointsAreRefusedAndCountedTheOthersStored() {
    String host = "bad-" + run;
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    double rejectedBefore = counter("ecloud.metrics.points.rejected");
    ResponseEntity<Map> r = post("/api/metrics/reports", report(host, List.of(
        point(t, "CONTAINER", "c1", host, null, "cpu", 5),
        point(t, "CONTAINER", "c1", host, null, "teleportation", 5),
        point(t, "CONTAINER", "c1", "someone-else", null, "cpu", 5),
        point(t, "CONTAINER", "c1", host, null, "memory", -3),
        point(t, "CONTAINER", "c1", host, null, "cpu", "\"NaN\""),
        point(t.plus(Duration.ofHours(1)), "CONTAINER", "c1", host, null, "cpu", 5),
        point(t.minus(Duration.ofDays(8)), "CONTAINER", "c1", host, null, "cpu", 5),
        "{\"metric\":\"cpu\",\"value\":1,\"at\":\"" + t + "\"}"), ""));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(r.getBody()).containsEntry("accepted", 1).containsEntry("rejected", 7);
    assertThat((List<String>) r.getBody().get("problems")).hasSize(7)
        .anySatisfy(p -> assertThat(p).contains("points[1]", "teleportation"))
        .anySatisfy(p -> assertThat(p).contains("points[2]", "someone-else"))
        .anySatisfy(p -> assertThat(p).contains("points[7]", "subject"));
    assertThat(counter("ecloud.metrics.points.rejected") - rejectedBefore).isEqualTo(7);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(getList(
        "/api/metrics/series?metric=cpu&container=c1&host=" + host + "&step=PT1M&from=" + t.minusSeconds(60)
            + "&to=" + t.plusSeconds(60))).singleElement()
        .satisfies(s -> assertThat((List<List<Number>>) s.get("samples")).extracting(x -> x.get(1)).containsExactly(5.0)));
  }

  @Test
  void bodiesThatAreNoReportAre400ProblemsAndPublishNothing() {
    int events = EVENTS.size();
    for (String body : List.of("{not json", "[]", "{\"host\":\"h\"}", "{\"host\":\"h\",\"points\":7}",
        "{\"points\":[]}")) {
      ResponseEntity<Map> r = post("/api/metrics/reports", body);
      assertThat(r.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getHeaders().getContentType()).as(body).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }
    assertThat(EVENTS).hasSize(events);
    assertThat(anonymous.postForEntity("/api/metrics/reports", Map.of("host", "h", "points", List.of()), Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aReportOfAHundredContainersOverSixRoundsFits() {
    String host = "big-" + run;
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
    List<String> points = new ArrayList<>();
    String[] metrics = {"cpu", "connections", "memory", "net_in", "net_out", "load", "disk", "liveness", "memory_limit"};
    for (int round = 0; round < 6; round++) {
      for (int c = 0; c < 100; c++) {
        for (String m : metrics) {
          points.add(point(t.plusSeconds(10L * round), "CONTAINER", "bigapp-prod-web-" + c, host, "bigapp", m, 1));
        }
      }
    }
    String body = report(host, points, "");
    assertThat(body.length()).isGreaterThan(65_536 * 10);
    ResponseEntity<Map> r = post("/api/metrics/reports", body);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(r.getBody()).containsEntry("accepted", 5400);
    // the rest of the API keeps its small limit
    assertThat(post("/api/datacenters", "{\"name\":\"" + "x".repeat(70_000) + "\"}").getStatusCode())
        .isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
  }

  @Test
  @SuppressWarnings("unchecked")
  void badQueriesAre400Problems() {
    String now = Instant.now().toString();
    for (String q : List.of("metric=gpu", "", "metric=cpu&aggregation=median", "metric=cpu&per=everyone",
        "metric=cpu&kind=vm", "metric=cpu&from=" + now + "&to=" + now, "metric=cpu&step=PT0S", "metric=cpu&step=-PT1M",
        "metric=cpu&step=PT0.1S", "metric=cpu&step=soon", "metric=cpu&from=yesterday",
        "metric=cpu&kind=host&application=shop")) {
      ResponseEntity<Map> r = admin().getForEntity("/api/metrics/series?" + q, Map.class);
      assertThat(r.getStatusCode()).as(q).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getHeaders().getContentType()).as(q).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }
    ResponseEntity<Map> tooMany = admin().getForEntity("/api/metrics/series?metric=cpu&step=PT1S&from="
        + Instant.now().minus(Duration.ofDays(1)), Map.class);
    assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, String>>) tooMany.getBody().get("errors")).extracting(e -> e.get("field")).containsExactly("step");
    assertThat(admin().getForEntity("/api/metrics/hourly-max?metric=nope", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(admin().getForEntity("/api/metrics/hourly-max?metric=cpu&from=" + now + "&to=" + now, Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void theMetricsAreListedWithTheirUnits() {
    assertThat(getList("/api/metrics/metrics")).extracting(m -> m.get("name") + " " + m.get("unit"))
        .containsExactly("cpu %", "connections count", "memory bytes", "net_in bytes/s", "net_out bytes/s",
            "load tasks", "disk bytes", "liveness 0/1", "memory_limit bytes");
  }
}
