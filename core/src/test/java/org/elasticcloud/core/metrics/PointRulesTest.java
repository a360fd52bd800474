package org.elasticcloud.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PointRulesTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final Subject C = Subject.container("shop-prod-web-1", "h1", "shop", "prod", "web");

  private static String problem(MetricPoint p) {
    return PointRules.problem(p, "h1", NOW).orElse(null);
  }

  @Test
  void aGoodPointOfTheHostOrOfAContainerOnItPasses() {
    assertThat(problem(new MetricPoint(NOW, C, Metric.CPU, 150))).isNull();
    assertThat(problem(new MetricPoint(NOW.minusSeconds(60), Subject.host("h1"), Metric.LOAD, 0))).isNull();
    assertThat(problem(new MetricPoint(NOW.plus(Duration.ofMinutes(4)), C, Metric.LIVENESS, 1))).isNull();
    assertThat(problem(new MetricPoint(NOW.minus(Duration.ofDays(6)), C, Metric.DISK, 1e12))).isNull();
  }

  @Test
  void badPointsSayWhy() {
    assertThat(problem(new MetricPoint(null, C, Metric.CPU, 1))).contains("instant");
    assertThat(problem(new MetricPoint(NOW, C, null, 1))).contains("metric");
    assertThat(problem(new MetricPoint(NOW, null, Metric.CPU, 1))).contains("kind");
    assertThat(problem(new MetricPoint(NOW, Subject.container(" ", "h1", null, null, null), Metric.CPU, 1))).contains("name");
    assertThat(problem(new MetricPoint(NOW, Subject.container("c", null, null, null, null), Metric.CPU, 1))).contains("host");
    assertThat(problem(new MetricPoint(NOW, Subject.container("c", "h2", null, null, null), Metric.CPU, 1))).contains("h2", "h1");
    assertThat(problem(new MetricPoint(NOW, new Subject(SubjectKind.HOST, "x", "h1", null, null, null, null), Metric.CPU, 1)))
        .contains("host point");
    assertThat(problem(new MetricPoint(NOW, C, Metric.CPU, Double.NaN))).contains("finite");
    assertThat(problem(new MetricPoint(NOW, C, Metric.NET_IN, Double.POSITIVE_INFINITY))).contains("finite");
    assertThat(problem(new MetricPoint(NOW, C, Metric.MEMORY, -1))).contains("negative memory");
    assertThat(problem(new MetricPoint(NOW, C, Metric.LIVENESS, 0.5))).contains("liveness");
    assertThat(problem(new MetricPoint(NOW.plus(Duration.ofMinutes(6)), C, Metric.CPU, 1))).contains("ahead");
    assertThat(problem(new MetricPoint(NOW.minus(Duration.ofDays(7)).minusSeconds(1), C, Metric.CPU, 1))).contains("older");
  }

  @Test
  void metricsAreNamedByWireOrEnumName() {
    assertThat(PointRules.metricNamed("net_in")).contains(Metric.NET_IN);
    assertThat(PointRules.metricNamed("NET_IN")).contains(Metric.NET_IN);
    assertThat(PointRules.metricNamed("memory_limit")).contains(Metric.MEMORY_LIMIT);
    assertThat(PointRules.metricNamed("gpu")).isEmpty();
    assertThat(PointRules.metricNamed(null)).isEmpty();
  }
}
