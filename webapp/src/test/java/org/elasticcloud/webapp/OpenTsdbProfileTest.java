package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.elasticcloud.core.metrics.AgentReport;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.integrations.metrics.OpenTsdbMetricsStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The platform with {@code ecloud.metrics.store=opentsdb} on the lab's real OpenTSDB TSD: an
 * agent's report goes through the platform's ingestion into the TSD and comes back through the
 * series and hourly-max API.
 */
class OpenTsdbProfileTest extends ApiTestBase {
  @DynamicPropertySource
  static void openTsdb(DynamicPropertyRegistry registry) {
    String url = System.getenv("ECLOUD_LAB_OPENTSDB_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_OPENTSDB_URL is not set: run the tests with lab/test.sh");
    }
    registry.add("ecloud.metrics.store", () -> "opentsdb");
    registry.add("ecloud.metrics.opentsdb.url", () -> url);
  }

  @Autowired
  MetricsStore store;
  @Autowired
  ObjectMapper mapper;

  @Test
  @SuppressWarnings("unchecked")
  void reportsGoToTheTsdAndComeBackThroughTheApi() throws Exception {
    assertThat(store).isInstanceOf(OpenTsdbMetricsStore.class);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String host = "tsd-host-" + run;
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Instant at = end.minusSeconds(10L * (12 - i));
      points.add(new MetricPoint(at, Subject.host(host), Metric.CPU, 10 + i));
      points.add(new MetricPoint(at, Subject.container("tsd-" + run + "-1", host, "tsd-" + run, "prod", "web"),
          Metric.CPU, 40));
      points.add(new MetricPoint(at, Subject.container("tsd-" + run + "-2", host, "tsd-" + run, "prod", "web"),
          Metric.CPU, 80));
    }
    ResponseEntity<Map> r = post("/api/metrics/reports",
        mapper.writeValueAsString(new AgentReport("agent-" + host, host, end, points, List.of())));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(((Number) r.getBody().get("accepted")).intValue()).isEqualTo(points.size());

    String range = "&from=" + end.minus(Duration.ofMinutes(5)) + "&to=" + end;
    List<Map<String, Object>> group = admin().getForEntity("/api/metrics/series?metric=cpu&kind=container&application=tsd-"
        + run + "&aggregation=sum&per=all&step=PT1M" + range, List.class).getBody();
    assertThat(group).hasSize(1);
    List<List<Number>> samples = (List<List<Number>>) group.get(0).get("samples");
    assertThat(samples).isNotEmpty().allSatisfy(s -> assertThat(s.get(1).doubleValue()).isEqualTo(120.0));

    List<Map<String, Object>> perHost = admin().getForEntity("/api/metrics/series?metric=cpu&kind=host&host=" + host
        + "&aggregation=max&per=subject&step=PT2M" + range, List.class).getBody();
    assertThat(perHost).hasSize(1);
    assertThat(((Map<?, ?>) perHost.get(0).get("subject")).get("name")).isEqualTo(host);

    List<Map<String, Object>> hourly = admin().getForEntity("/api/metrics/hourly-max?metric=cpu&kind=host&host=" + host
        + "&from=" + end.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)) + "&to="
        + end.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)), List.class).getBody();
    assertThat(hourly).hasSize(1);
    assertThat(((List<List<Number>>) hourly.get(0).get("samples")).stream()
        .mapToDouble(h -> h.get(1).doubleValue()).max().orElseThrow()).isEqualTo(21.0);
  }
}
