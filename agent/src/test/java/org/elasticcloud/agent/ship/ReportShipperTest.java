package org.elasticcloud.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.elasticcloud.core.metrics.AgentReport;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shipping to a real HTTP server on loopback that records what it is sent and answers as the
 * platform's endpoint does (202 with {accepted, rejected, problems}), including while it is away.
 */
class ReportShipperTest {
  private static final ObjectMapper JSON = ReportShipper.mapper();
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final List<HostCondition> CONDITIONS = List.of(new HostCondition("edac", true, "ok"),
      new HostCondition("readonly-fs", false, "/ read-only (/dev/sda1 ext4)"));
  private final List<Platform> platforms = new ArrayList<>();
  private final List<ReportShipper> shippers = new ArrayList<>();

  /** The platform's endpoint: records each report, its raw JSON and its Authorization header. */
  static final class Platform implements AutoCloseable {
    final List<AgentReport> reports = new CopyOnWriteArrayList<>();
    final List<JsonNode> raw = new CopyOnWriteArrayList<>();
    final List<String> auth = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(202);
    final HttpServer server;

    Platform(int port) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      server.createContext(ReportShipper.PATH, ex -> {
        byte[] body = ex.getRequestBody().readAllBytes();
        auth.add(ex.getRequestHeaders().getFirst("Authorization"));
        int answer = status.get();
        String reply;
        if (answer == 202) {
          AgentReport r = JSON.readValue(body, AgentReport.class);
          reports.add(r);
          raw.add(JSON.readTree(body));
          reply = "{\"accepted\":" + r.points().size() + ",\"rejected\":0,\"problems\":[]}";
        } else {
          reply = "{\"title\":\"no\"}";
        }
        byte[] out = reply.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(answer, out.length);
        ex.getResponseBody().write(out);
        ex.close();
      });
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<MetricPoint> points() {
      return reports.stream().flatMap(r -> r.points().stream()).toList();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private Platform platform(int port) throws IOException {
    Platform p = new Platform(port);
    platforms.add(p);
    return p;
  }

  private ReportShipper shipper(List<URI> uris, int buffer, int batch) {
    ReportShipper s = new ReportShipper("d1", "d1", uris, "agent", "s3cret:x", buffer, batch,
        Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2), Clock.systemUTC());
    shippers.add(s);
    s.start();
    return s;
  }

  @AfterEach
  void stop() {
    shippers.forEach(s -> s.close(Duration.ofMillis(200)));
    platforms.forEach(Platform::close);
  }

  /** Points numbered from {@code from}: the value tells which point it was, so order and loss show. */
  private static List<MetricPoint> points(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(i -> new MetricPoint(T0.plusSeconds(i), Subject.host("d1"), Metric.CPU, i)).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void reportsArriveInBatches_asJsonWithIsoInstantsAndBasicAuth() throws IOException {
    Platform platform = platform(0);
    ReportShipper shipper = shipper(List.of(platform.uri()), 1000, 40);
    shipper.offer(points(0, 100), CONDITIONS);

    await().atMost(Duration.ofSeconds(10)).until(() -> shipper.delivered() == 100);
    assertThat(platform.reports).hasSize(3).allSatisfy(r -> {
      assertThat(r.agent()).isEqualTo("d1");
      assertThat(r.host()).isEqualTo("d1");
      assertThat(r.conditions()).isEqualTo(CONDITIONS);
      assertThat(r.points()).hasSizeLessThanOrEqualTo(40);
    });
    assertThat(platform.points()).extracting(MetricPoint::value)
        .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> (double) i).toList());
    JsonNode first = platform.raw.get(0);
    assertThat(first.path("points").get(0).path("at").asText()).isEqualTo("2026-11-26T12:00:00Z");
    assertThat(first.path("points").get(0).path("metric").asText()).isEqualTo("CPU");
    assertThat(first.path("points").get(0).path("subject").path("kind").asText()).isEqualTo("HOST");
    assertThat(first.path("sentAt").isTextual()).isTrue();
    assertThat(platform.auth).allMatch(("Basic " + Base64.getEncoder()
        .encodeToString("agent:s3cret:x".getBytes(StandardCharsets.UTF_8)))::equals);
    assertThat(shipper.dropped()).isZero();
  }

  @Test
  void whileThePlatformIsAway_pointsWaitBoundedAndTheOldestAreDropped_thenAllIsDelivered() throws IOException {
    int port = freePort();
    ReportShipper shipper = shipper(List.of(URI.create("http://127.0.0.1:" + port)), 250, 100);
    for (int round = 0; round < 10; round++) {
      shipper.offer(points(round * 40, 40), CONDITIONS); // 400 points in 10 rounds, room for 250
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> shipper.dropped() == 150);
    assertThat(shipper.buffered()).isEqualTo(250);
    assertThat(shipper.delivered()).isZero();

    Platform platform = platform(port); // the platform returns on the same address
    await().atMost(Duration.ofSeconds(15)).until(() -> platform.points().size() == 250);
    assertThat(platform.points()).extracting(MetricPoint::value).as("the newest 250, oldest first")
        .containsExactlyElementsOf(IntStream.range(150, 400).mapToObj(i -> (double) i).toList());
    await().atMost(Duration.ofSeconds(5)).until(() -> shipper.buffered() == 0 && shipper.delivered() == 250);
    assertThat(shipper.dropped()).isEqualTo(150);

    shipper.offer(points(400, 5), CONDITIONS); // and then each round as it comes
    await().atMost(Duration.ofSeconds(10)).until(() -> platform.points().size() == 255);
  }

  @Test
  void aFailingPlatformUrl_failsOverToTheNext() throws IOException {
    Platform down = platform(0);
    down.status.set(503);
    Platform up = platform(0);
    ReportShipper shipper = shipper(List.of(down.uri(), up.uri()), 1000, 1000);
    shipper.offer(points(0, 10), CONDITIONS);
    await().atMost(Duration.ofSeconds(10)).until(() -> up.points().size() == 10);
    shipper.offer(points(10, 10), CONDITIONS);
    await().atMost(Duration.ofSeconds(10)).until(() -> up.points().size() == 20);
    assertThat(down.auth).as("the answering one is kept first after a failover").hasSize(1);
    assertThat(down.reports).isEmpty();
  }

  @Test
  void aReportRefusedAsMalformed_isDroppedNotRetriedForever() throws IOException {
    Platform platform = platform(0);
    platform.status.set(400);
    ReportShipper shipper = shipper(List.of(platform.uri()), 1000, 1000);
    shipper.offer(points(0, 10), CONDITIONS);
    await().atMost(Duration.ofSeconds(10)).until(() -> shipper.refused() == 10);
    platform.status.set(202);
    shipper.offer(points(10, 3), CONDITIONS);
    await().atMost(Duration.ofSeconds(10)).until(() -> platform.points().size() == 3);
    assertThat(platform.auth).hasSize(2);
  }

  @Test
  void rejectedCredentials_keepThePointsForLater() throws IOException {
    Platform platform = platform(0);
    platform.status.set(401);
    ReportShipper shipper = shipper(List.of(platform.uri()), 1000, 1000);
    shipper.offer(points(0, 10), CONDITIONS);
    await().atMost(Duration.ofSeconds(10)).until(() -> platform.auth.size() >= 2);
    assertThat(shipper.buffered()).isEqualTo(10);
    platform.status.set(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> platform.points().size() == 10);
  }
}
