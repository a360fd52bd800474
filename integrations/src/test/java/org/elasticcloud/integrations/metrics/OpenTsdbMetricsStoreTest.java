package org.elasticcloud.integrations.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.core.port.MetricsStore.Aggregation;
import org.elasticcloud.core.port.MetricsStore.Per;
import org.elasticcloud.core.port.MetricsStore.Selector;
import org.elasticcloud.core.port.MetricsStore.SeriesQuery;
import org.elasticcloud.integrations.metrics.OpenTsdbMetricsStore.QueryPart;
import org.junit.jupiter.api.Test;

/** What the adapter sends and how it reads answers, without a TSD (the contract test has the real one). */
class OpenTsdbMetricsStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  private final OpenTsdbMetricsStore store = new OpenTsdbMetricsStore(OpenTsdbMetricsStore.Settings.of(
      URI.create("http://127.0.0.1:9/")));

  @Test
  void aPointIsTheMetricsNameMillisecondsTheValueAndSevenEncodedTags() throws Exception {
    Subject c = Subject.container("shop-prod-web-1", "host_1", "shop", "prod", null).inDatacenter("dc 1");
    JsonNode body = JSON.readTree(OpenTsdbMetricsStore.putBody(List.of(
        new MetricPoint(DAY.plusMillis(1), c, Metric.NET_IN, 1536),
        new MetricPoint(DAY, Subject.host("h1"), Metric.CPU, 12.25))));
    assertThat(body).hasSize(2);
    JsonNode p = body.get(0);
    assertThat(p.get("metric").asText()).isEqualTo("ecloud.net_in");
    assertThat(p.get("timestamp").asLong()).isEqualTo(DAY.toEpochMilli() + 1);
    assertThat(p.get("value").isIntegralNumber()).as("whole numbers travel as integers (exact)").isTrue();
    assertThat(p.get("value").asLong()).isEqualTo(1536);
    assertThat(JSON.convertValue(p.get("tags"), java.util.Map.class)).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
        "kind", "container", "name", "shop-prod-web-1", "host", "host_5F1", "application", "shop",
        "environment", "prod", "group", "_", "datacenter", "dc_201"));
    JsonNode h = body.get(1);
    assertThat(h.get("value").asDouble()).isEqualTo(12.25);
    assertThat(h.get("tags").get("kind").asText()).isEqualTo("host");
    assertThat(h.get("tags").get("application").asText()).isEqualTo(OpenTsdbTags.NULL);
    assertThat(h.get("timestamp").asText()).as("always 13 digits: OpenTSDB reads 10 as seconds").hasSize(13);
  }

  @Test
  void pointsOpenTsdbCannotStoreAreRefusedBeforeAnythingIsSent() {
    Subject c = Subject.container("c", "h", null, null, null);
    for (MetricPoint bad : List.of(new MetricPoint(DAY, c, Metric.CPU, Double.NaN),
        new MetricPoint(DAY, c, Metric.CPU, Double.POSITIVE_INFINITY),
        new MetricPoint(Instant.ofEpochSecond(1000), c, Metric.CPU, 1),
        new MetricPoint(DAY, c, null, 1), new MetricPoint(DAY, new Subject(null, "x", "h", null, null, null, null),
            Metric.CPU, 1))) {
      // the store's URL answers nothing: an IllegalArgumentException proves no request was tried
      assertThatThrownBy(() -> store.write(List.of(new MetricPoint(DAY, c, Metric.CPU, 1), bad)))
          .as("%s", bad).isInstanceOf(IllegalArgumentException.class);
    }
    store.write(List.of());
  }

  @Test
  void aPerAllQueryAveragesPerSubjectThenAggregatesAcrossWithoutGrouping() {
    List<QueryPart> parts = store.queryParts(new SeriesQuery(Metric.CPU, Selector.group("shop", "prod", "web", null),
        DAY, DAY.plus(Duration.ofHours(1)), Duration.ofMinutes(5), Aggregation.SUM, Per.ALL));
    assertThat(parts).hasSize(1);
    JsonNode body = parts.get(0).body();
    assertThat(parts.get(0).bucket()).isNull();
    assertThat(body.get("start").asLong()).isEqualTo(DAY.toEpochMilli());
    assertThat(body.get("end").asLong()).as("end is inclusive: to - 1 ms").isEqualTo(DAY.toEpochMilli() + 3_600_000 - 1);
    assertThat(body.get("msResolution").asBoolean()).isTrue();
    JsonNode q = body.get("queries").get(0);
    assertThat(q.get("metric").asText()).isEqualTo("ecloud.cpu");
    assertThat(q.get("aggregator").asText()).isEqualTo("sum");
    assertThat(q.get("downsample").asText()).isEqualTo("300000ms-avg-nan");
    assertThat(q.get("filters").toString()).isEqualTo("[{\"type\":\"literal_or\",\"tagk\":\"kind\",\"filter\":\"container\","
        + "\"groupBy\":false},{\"type\":\"literal_or\",\"tagk\":\"application\",\"filter\":\"shop\",\"groupBy\":false},"
        + "{\"type\":\"literal_or\",\"tagk\":\"environment\",\"filter\":\"prod\",\"groupBy\":false},"
        + "{\"type\":\"literal_or\",\"tagk\":\"group\",\"filter\":\"web\",\"groupBy\":false}]");
  }

  @Test
  void aPerSubjectQueryDownsamplesWithTheAggregationAndGroupsByKindNameAndHost() {
    JsonNode q = store.queryParts(new SeriesQuery(Metric.MEMORY, Selector.containersOn("host 1"), DAY,
        DAY.plus(Duration.ofHours(1)), Duration.ofSeconds(10), Aggregation.MAX, Per.SUBJECT)).get(0).body()
        .get("queries").get(0);
    assertThat(q.get("aggregator").asText()).isEqualTo("max");
    assertThat(q.get("downsample").asText()).isEqualTo("10000ms-max-nan");
    assertThat(q.get("filters").toString()).isEqualTo("[{\"type\":\"literal_or\",\"tagk\":\"kind\",\"filter\":\"container\","
        + "\"groupBy\":true},{\"type\":\"wildcard\",\"tagk\":\"name\",\"filter\":\"*\",\"groupBy\":true},"
        + "{\"type\":\"literal_or\",\"tagk\":\"host\",\"filter\":\"host_201\",\"groupBy\":true}]");
  }

  @Test
  void partialFirstAndLastBucketsAreAskedForOnTheirOwn() {
    Duration step = Duration.ofMinutes(5);
    // [00:02, 00:23): head [00:02, 00:05) -> bucket 00:00, whole [00:05, 00:20), tail [00:20, 00:23) -> bucket 00:20;
    // 0all's end is exclusive, a downsampled query's inclusive
    List<QueryPart> parts = store.queryParts(new SeriesQuery(Metric.CPU, null, DAY.plusSeconds(120),
        DAY.plusSeconds(23 * 60), step, Aggregation.AVG, Per.SUBJECT));
    assertThat(parts).extracting(p -> p.body().get("start").asLong() - DAY.toEpochMilli(),
        p -> p.body().get("end").asLong() - DAY.toEpochMilli(), p -> p.body().get("queries").get(0).get("downsample").asText(),
        QueryPart::bucket).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(120_000L, 300_000L, "0all-avg", DAY.toEpochMilli()),
            org.assertj.core.groups.Tuple.tuple(1_200_000L, 1_380_000L, "0all-avg", DAY.toEpochMilli() + 1_200_000),
            org.assertj.core.groups.Tuple.tuple(300_000L, 1_199_999L, "300000ms-avg-nan", null));
    // a range inside one bucket: one 0all request
    parts = store.queryParts(new SeriesQuery(Metric.CPU, null, DAY.plusSeconds(61), DAY.plusSeconds(62), step,
        Aggregation.MAX, Per.ALL));
    assertThat(parts).singleElement().satisfies(p -> {
      assertThat(p.bucket()).isEqualTo(DAY.toEpochMilli());
      assertThat(p.body().get("queries").get(0).get("downsample").asText()).isEqualTo("0all-avg");
    });
    // a 7-minute step: buckets are multiples of 7 minutes since the epoch, not since the day
    parts = store.queryParts(new SeriesQuery(Metric.CPU, null, DAY, DAY.plus(Duration.ofHours(1)), Duration.ofMinutes(7),
        Aggregation.MAX, Per.ALL));
    long first = Math.floorDiv(DAY.toEpochMilli(), 420_000L) * 420_000L;
    assertThat(parts).extracting(QueryPart::bucket).contains(first);
  }

  @Test
  void aRangeOfOneBucketIsOne0allRequestWhoseEndIsExclusive() {
    // 0all's one bucket is [start, end): a one-millisecond range is start t, end t + 1
    List<QueryPart> parts = store.queryParts(new SeriesQuery(Metric.CPU, null, DAY.plusMillis(5), DAY.plusMillis(6),
        Duration.ofSeconds(10), Aggregation.SUM, Per.ALL));
    assertThat(parts).singleElement().satisfies(p -> {
      assertThat(p.body().get("start").asLong()).isEqualTo(DAY.toEpochMilli() + 5);
      assertThat(p.body().get("end").asLong()).isEqualTo(DAY.toEpochMilli() + 6);
      assertThat(p.body().get("queries").get(0).get("downsample").asText()).isEqualTo("0all-avg");
      assertThat(p.bucket()).isEqualTo(DAY.toEpochMilli());
    });
    // a 1 ms step over 1 ms: one whole bucket, also 0all (a downsampled query's end would equal its start)
    parts = store.queryParts(new SeriesQuery(Metric.CPU, null, DAY, DAY.plusMillis(1), Duration.ofMillis(1),
        Aggregation.MAX, Per.SUBJECT));
    assertThat(parts).singleElement().satisfies(p -> {
      assertThat(p.body().get("end").asLong()).isEqualTo(DAY.toEpochMilli() + 1);
      assertThat(p.body().get("queries").get(0).get("downsample").asText()).isEqualTo("0all-max");
    });
  }

  @Test
  void hourlyMaxIsTheMaxPerSubjectByTheHourFromTheHourOfFrom() {
    SeriesQuery q = OpenTsdbMetricsStore.hourlyMaxQuery(Metric.CPU, Selector.host("h1"), DAY.plusSeconds(1800),
        DAY.plusSeconds(7200));
    assertThat(q).isEqualTo(new SeriesQuery(Metric.CPU, Selector.host("h1"), DAY, DAY.plusSeconds(7200),
        Duration.ofHours(1), Aggregation.MAX, Per.SUBJECT));
    JsonNode body = store.queryParts(q).get(0).body();
    assertThat(body.get("queries").get(0).get("downsample").asText()).isEqualTo("3600000ms-max-nan");
    assertThat(body.get("queries").get(0).get("filters").toString())
        .contains("{\"type\":\"literal_or\",\"tagk\":\"kind\",\"filter\":\"host\",\"groupBy\":true}");
  }

  @Test
  void aSelectorOfAContainerAmongHostsMatchesNothingWithoutAsking() {
    Selector contradiction = new Selector(SubjectKind.HOST, null, "web-1", null, null, null, null);
    assertThat(store.query(new SeriesQuery(Metric.CPU, contradiction, DAY, DAY.plusSeconds(60), Duration.ofSeconds(10),
        Aggregation.AVG, Per.ALL))).isEmpty();
    assertThat(store.hourlyMax(Metric.CPU, contradiction, DAY, DAY.plusSeconds(3600))).isEmpty();
  }

  @Test
  void theSubjectComesBackFromTheGroupsTags() throws Exception {
    JsonNode tags = JSON.readTree("{\"kind\":\"container\",\"name\":\"web_201\",\"host\":\"h1\",\"application\":\"shop\","
        + "\"environment\":\"prod\",\"group\":\"_\",\"datacenter\":\"__\"}");
    assertThat(OpenTsdbMetricsStore.subject(tags)).isEqualTo(new Subject(SubjectKind.CONTAINER, "web 1", "h1", "shop",
        "prod", null, ""));
  }

  @Test
  void aPutAnswerWithFailedPointsIsAnErrorThatSaysWhichAndWhy() {
    assertThat(store.putFailure(200, "{\"success\":5,\"failed\":0,\"errors\":[]}")).isNull();
    RuntimeException e = store.putFailure(400, "{\"success\":3,\"failed\":2,\"errors\":[{\"datapoint\":{\"metric\":\"ecloud.cpu\"},"
        + "\"error\":\"Invalid tag value\"},{\"datapoint\":{},\"error\":\"other\"}]}");
    assertThat(e).isInstanceOf(OpenTsdbException.class).hasMessageContaining("2 of 5 points failed")
        .hasMessageContaining("Invalid tag value for {\"metric\":\"ecloud.cpu\"}");
    RuntimeException server = store.putFailure(500, "{\"error\":{\"code\":500,\"message\":\"boom\",\"trace\":\"at x.y.Z\"}}");
    assertThat(server).hasMessageContaining("HTTP 500").hasMessageContaining("boom").hasMessageNotContaining("x.y.Z");
    assertThat(((OpenTsdbException) server).status()).isEqualTo(500);
    assertThat(store.putFailure(200, "{\"success\":1,\"failed\":1,\"errors\":[]}")).as("failed points even with 200")
        .isInstanceOf(OpenTsdbException.class);
  }
}
