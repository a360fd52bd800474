package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.core.port.MetricsStore.Aggregation;
import org.elasticcloud.core.port.MetricsStore.HourlyMax;
import org.elasticcloud.core.port.MetricsStore.Per;
import org.elasticcloud.core.port.MetricsStore.Sample;
import org.elasticcloud.core.port.MetricsStore.Selector;
import org.elasticcloud.core.port.MetricsStore.Series;
import org.elasticcloud.core.port.MetricsStore.SeriesQuery;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MetricsStore} adapter must do. The subclass gives the store; one store may
 * serve every test of the class (each test uses its own host, container and application names,
 * prefixed with this run's id, and always selects by one of them).
 *
 * <p>The rules this contract pins down, beyond the port's Javadoc:
 * <ul>
 *   <li>a bucket starts at a multiple of the step since the epoch; a point at {@code t} falls into
 *       the bucket {@code floor(t / step) * step}, and only points in {@code [from, to)} count (the
 *       first bucket may start before {@code from});</li>
 *   <li>buckets without points are absent (no zero, no NaN); samples are oldest first;</li>
 *   <li>a query that matches no point answers an empty list (also for {@link Per#ALL}); one that
 *       matches answers exactly one series with a null subject for {@link Per#ALL}, and one per
 *       subject (its subject as written, datacenter included) for {@link Per#SUBJECT};</li>
 *   <li>a subject is its kind, name and host: a host's own points never answer a container selector
 *       and the other way round;</li>
 *   <li>a point with the same subject, metric and instant as an earlier one replaces it;</li>
 *   <li>from &gt;= to, a null or non-positive step, and a null metric are
 *       {@link IllegalArgumentException}s.</li>
 * </ul>
 *
 * <p>Stores whose reads are eventually consistent (OpenTSDB) override {@link #awaitVisible()} (run
 * after every write, e.g. to flush) and/or {@link #visibleWithin()}: every read assertion is
 * retried until it holds or that much time has passed. Values are exact in a 32-bit float and
 * compared with a small tolerance; instants are whole milliseconds.
 */
public abstract class MetricsStoreContract {
  private static final double EPS = 1e-6;
  private final String run = "ms" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  /** A day boundary two days ago: aligned to every step used here, recent enough for any retention. */
  protected final Instant base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);

  protected abstract MetricsStore store();

  /** Called after every write of this contract; a store that needs a flush before reads does it here. */
  protected void awaitVisible() {
  }

  /** How long a write may take to become visible to reads; zero: at once (read assertions run once). */
  protected Duration visibleWithin() {
    return Duration.ZERO;
  }

  /** A name of this run (hosts, containers, applications). */
  protected String name(String suffix) {
    return run + "-" + suffix;
  }

  protected Instant at(Duration sinceBase) {
    return base.plus(sinceBase);
  }

  protected static Duration min(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  protected static MetricPoint point(Subject subject, Metric metric, Instant at, double value) {
    return new MetricPoint(at, subject, metric, value);
  }

  protected void write(MetricPoint... points) {
    store().write(List.of(points));
    awaitVisible();
  }

  protected void write(List<MetricPoint> points) {
    store().write(points);
    awaitVisible();
  }

  /** Reads until the assertion holds (at once for a consistent store). */
  protected <T> void eventually(Supplier<T> read, Consumer<T> assertion) {
    if (visibleWithin().isZero()) {
      assertion.accept(read.get());
      return;
    }
    await().atMost(visibleWithin()).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .untilAsserted(() -> assertion.accept(read.get()));
  }

  private Subject container(String name, String host, String app, String env, String group, String dc) {
    return Subject.container(name(name), name(host), app == null ? null : name(app), env, group)
        .inDatacenter(dc);
  }

  private SeriesQuery query(Metric metric, Selector selector, Duration from, Duration to, Duration step,
      Aggregation aggregation, Per per) {
    return new SeriesQuery(metric, selector, at(from), at(to), step, aggregation, per);
  }

  /** Per subject name: its samples as bucket offset from base (minutes) to value. */
  private Map<String, Map<Long, Double>> bySubject(List<Series> series) {
    Map<String, Map<Long, Double>> out = new LinkedHashMap<>();
    for (Series s : series) {
      assertThat(s.subject()).as("a per-subject series names its subject").isNotNull();
      assertThat(out).as("one series per subject").doesNotContainKey(s.subject().name());
      out.put(s.subject().name(), samples(s));
    }
    return out;
  }

  private Map<Long, Double> samples(Series s) {
    Map<Long, Double> out = new LinkedHashMap<>();
    Instant previous = null;
    for (Sample sample : s.samples()) {
      if (previous != null) {
        assertThat(sample.at()).as("samples oldest first").isAfter(previous);
      }
      previous = sample.at();
      out.put(Duration.between(base, sample.at()).toMinutes(), sample.value());
    }
    return out;
  }

  private Map<Long, Double> single(List<Series> series) {
    assertThat(series).as("Per.ALL answers one series").hasSize(1);
    assertThat(series.get(0).subject()).as("Per.ALL series has no subject").isNull();
    return samples(series.get(0));
  }

  private static void assertValues(Map<Long, Double> actual, Map<Long, Double> unordered) {
    Map<Long, Double> expected = sorted(unordered);
    assertThat(actual.keySet()).as("bucket starts (minutes since base)").containsExactlyElementsOf(expected.keySet());
    expected.forEach((k, v) -> assertThat(actual.get(k)).as("bucket %d", k).isCloseTo(v, within(EPS * Math.max(1, Math.abs(v)))));
  }

  // ------------------------------------------------------------------ write and query

  @Test
  void oneContainerPerSubjectWithEachAggregation() {
    Subject c = container("c1", "h1", "app1", "prod", "web", "dc1");
    // bucket 0..5 min: 10, 20, 60; bucket 5..10: 4
    write(point(c, Metric.CPU, at(min(0)), 10), point(c, Metric.CPU, at(min(1)), 20),
        point(c, Metric.CPU, at(Duration.ofSeconds(299).plusMillis(999)), 60),
        point(c, Metric.CPU, at(min(5)), 4));
    Selector sel = Selector.container(c.name());
    Map<Aggregation, Map<Long, Double>> expected = Map.of(
        Aggregation.AVG, Map.of(0L, 30.0, 5L, 4.0),
        Aggregation.MAX, Map.of(0L, 60.0, 5L, 4.0),
        Aggregation.MIN, Map.of(0L, 10.0, 5L, 4.0),
        Aggregation.SUM, Map.of(0L, 90.0, 5L, 4.0));
    for (Aggregation a : Aggregation.values()) {
      eventually(() -> store().query(query(Metric.CPU, sel, min(0), min(60), min(5), a, Per.SUBJECT)), r -> {
        Map<String, Map<Long, Double>> by = bySubject(r);
        assertThat(by).as(a.name()).containsOnlyKeys(c.name());
        assertValues(by.get(c.name()), expected.get(a));
      });
    }
  }

  @Test
  void perSubjectSeriesCarryTheSubjectAsWritten() {
    Subject a = container("a", "h1", "app", "prod", "web", "dc-north");
    Subject b = container("b", "h2", "app", "prod", "web", "dc-north");
    write(point(a, Metric.MEMORY, at(min(2)), 1024), point(b, Metric.MEMORY, at(min(3)), 2048));
    eventually(() -> store().query(query(Metric.MEMORY, Selector.application(a.application()), min(0),
        min(10), min(1), Aggregation.AVG, Per.SUBJECT)), r -> {
          assertThat(r).extracting(Series::subject).containsExactlyInAnyOrder(a, b);
          Map<String, Map<Long, Double>> by = bySubject(r);
          assertValues(by.get(a.name()), Map.of(2L, 1024.0));
          assertValues(by.get(b.name()), Map.of(3L, 2048.0));
        });
  }

  @Test
  void perAllAveragesEachSubjectInItsBucketThenCombinesAcrossSubjects() {
    // a: 10 and 30 in bucket 0 (avg 20), 50 in bucket 10; b: 100 in bucket 0; c: 1, 2, 3 in bucket 10 (avg 2)
    Subject a = container("a", "h1", "app", "prod", "web", "dc1");
    Subject b = container("b", "h1", "app", "prod", "web", "dc1");
    Subject c = container("c", "h2", "app", "prod", "web", "dc1");
    write(point(a, Metric.CPU, at(min(1)), 10), point(a, Metric.CPU, at(min(9)), 30),
        point(a, Metric.CPU, at(min(12)), 50),
        point(b, Metric.CPU, at(min(4)), 100),
        point(c, Metric.CPU, at(min(10)), 1), point(c, Metric.CPU, at(min(11)), 2),
        point(c, Metric.CPU, at(min(19)), 3));
    Selector sel = Selector.application(a.application());
    Map<Aggregation, Map<Long, Double>> expected = Map.of(
        Aggregation.AVG, Map.of(0L, 60.0, 10L, 26.0),
        Aggregation.MAX, Map.of(0L, 100.0, 10L, 50.0),
        Aggregation.MIN, Map.of(0L, 20.0, 10L, 2.0),
        Aggregation.SUM, Map.of(0L, 120.0, 10L, 52.0));
    for (Aggregation agg : Aggregation.values()) {
      eventually(() -> store().query(query(Metric.CPU, sel, min(0), min(30), min(10), agg, Per.ALL)),
          r -> assertValues(single(r), expected.get(agg)));
    }
  }

  @Test
  void bucketsAlignToMultiplesOfTheStepSinceTheEpochAndTheRangeIsHalfOpen() {
    Subject c = container("c", "h1", "app", "prod", "web", "dc1");
    // from = base+2m, to = base+12m, step 5m: buckets start at base+0, base+5, base+10
    List<MetricPoint> written = List.of(point(c, Metric.LOAD, at(min(1)), 1000), // before from: excluded
        point(c, Metric.LOAD, at(min(2)), 2), // at from: included, bucket 0
        point(c, Metric.LOAD, at(min(3)), 4),
        point(c, Metric.LOAD, at(min(7)), 8), // bucket 5
        point(c, Metric.LOAD, at(min(11)).plusMillis(999), 16), // bucket 10
        point(c, Metric.LOAD, at(min(12)), 2000)); // at to: excluded
    write(written);
    eventually(() -> store().query(query(Metric.LOAD, Selector.container(c.name()), min(2), min(12), min(5),
        Aggregation.SUM, Per.SUBJECT)), r -> {
          assertThat(r).hasSize(1);
          assertValues(samples(r.get(0)), Map.of(0L, 6.0, 5L, 8.0, 10L, 16.0));
          assertThat(r.get(0).samples().get(0).at()).isEqualTo(base);
        });
    // a step that does not divide a day: 7 minutes; bucket starts are multiples of 7 min since the epoch
    Duration step = min(7);
    Map<Long, Double> expected = new TreeMap<>();
    for (MetricPoint p : written) {
      if (p.at().isBefore(at(min(60)))) {
        long bucket = Math.floorDiv(p.at().toEpochMilli(), step.toMillis()) * step.toMillis();
        expected.merge(Duration.between(base, Instant.ofEpochMilli(bucket)).toMinutes(), p.value(), Math::max);
      }
    }
    eventually(() -> store().query(query(Metric.LOAD, Selector.container(c.name()), min(0), min(60), step,
        Aggregation.MAX, Per.SUBJECT)), r -> {
          assertThat(r).hasSize(1);
          for (Sample s : r.get(0).samples()) {
            assertThat(s.at().toEpochMilli() % step.toMillis()).as("aligned bucket start %s", s.at()).isZero();
          }
          assertValues(samples(r.get(0)), expected);
        });
  }

  @Test
  void stepsInSecondsAndMillisecondsBucketAsWell() {
    Subject c = container("c", "h1", "app", "prod", "web", "dc1");
    write(point(c, Metric.CONNECTIONS, at(Duration.ofMillis(10_250)), 3),
        point(c, Metric.CONNECTIONS, at(Duration.ofMillis(19_999)), 5),
        point(c, Metric.CONNECTIONS, at(Duration.ofMillis(20_000)), 7));
    eventually(() -> store().query(new SeriesQuery(Metric.CONNECTIONS, Selector.container(c.name()), base,
        base.plusSeconds(60), Duration.ofSeconds(10), Aggregation.MAX, Per.SUBJECT)), r -> {
          assertThat(r).hasSize(1);
          assertThat(r.get(0).samples()).containsExactly(new Sample(base.plusSeconds(10), 5),
              new Sample(base.plusSeconds(20), 7));
        });
  }

  // ------------------------------------------------------------------ selectors

  @Test
  void selectorsPickTheirSubjects() {
    String app = "app";
    Subject web1 = container("web1", "hA", app, "prod", "web", "dc1");
    Subject web2 = container("web2", "hB", app, "prod", "web", "dc2");
    Subject api1 = container("api1", "hA", app, "prod", "api", "dc1");
    Subject test1 = container("test1", "hA", app, "test", "web", "dc1");
    Subject other = container("other1", "hB", "other", "prod", "web", "dc1");
    Subject hostA = Subject.host(name("hA")).inDatacenter("dc1");
    List<MetricPoint> points = new ArrayList<>();
    double v = 1;
    for (Subject s : List.of(web1, web2, api1, test1, other, hostA)) {
      points.add(point(s, Metric.NET_IN, at(min(1)), v));
      v *= 2;
    }
    write(points);
    // values: web1 1, web2 2, api1 4, test1 8, other 16, hostA 32
    String appName = web1.application();
    assertSum(Selector.container(web1.name()), 1);
    assertSum(Selector.containersOn(name("hA")), 1 + 4 + 8);
    assertSum(Selector.host(name("hA")), 32);
    assertSum(Selector.application(appName), 1 + 2 + 4 + 8);
    assertSum(Selector.group(appName, "prod", "web", null), 1 + 2);
    assertSum(Selector.group(appName, "prod", "web", "dc1"), 1);
    assertSum(Selector.group(appName, "prod", "web", "dc2"), 2);
    assertSum(Selector.group(appName, "prod", null, null), 1 + 2 + 4);
    assertSum(Selector.group(appName, "test", "web", null), 8);
    assertSum(new Selector(SubjectKind.CONTAINER, name("hA"), null, appName,
        "prod", null, null), 1 + 4);
    assertSum(new Selector(SubjectKind.CONTAINER, name("hB"), null, null, null,
        null, "dc1"), 16);
    eventually(() -> store().query(query(Metric.NET_IN, Selector.containersOn(name("hA")), min(0), min(10), min(5),
        Aggregation.SUM, Per.SUBJECT)), r -> assertThat(r).extracting(s -> s.subject().name())
            .containsExactlyInAnyOrder(web1.name(), api1.name(), test1.name()));
  }

  private void assertSum(Selector selector, double expected) {
    eventually(() -> store().query(query(Metric.NET_IN, selector, min(0), min(10), min(5), Aggregation.SUM, Per.ALL)),
        r -> assertValues(single(r), Map.of(0L, expected)));
  }

  @Test
  void hostAndContainerPointsAreNeverMixed() {
    String h = name("h");
    Subject host = Subject.host(h).inDatacenter("dc1");
    Subject c = Subject.container(name("c"), h, name("app"), "prod", "web").inDatacenter("dc1");
    write(point(host, Metric.CPU, at(min(1)), 150), point(c, Metric.CPU, at(min(1)), 40));
    eventually(() -> store().query(query(Metric.CPU, Selector.host(h), min(0), min(5), min(5), Aggregation.SUM,
        Per.SUBJECT)), r -> {
          assertThat(r).extracting(Series::subject).containsExactly(host);
          assertValues(samples(r.get(0)), Map.of(0L, 150.0));
        });
    eventually(() -> store().query(query(Metric.CPU, Selector.containersOn(h), min(0), min(5), min(5),
        Aggregation.SUM, Per.SUBJECT)), r -> {
          assertThat(r).extracting(Series::subject).containsExactly(c);
          assertValues(samples(r.get(0)), Map.of(0L, 40.0));
        });
    eventually(() -> store().query(query(Metric.CPU, Selector.containersOn(h), min(0), min(5), min(5),
        Aggregation.SUM, Per.ALL)), r -> assertValues(single(r), Map.of(0L, 40.0)));
    eventually(() -> store().hourlyMax(Metric.CPU, Selector.host(h), at(min(0)), at(min(60))),
        r -> assertThat(r).containsExactly(new HourlyMax(host, base, 150)));
  }

  @Test
  void metricsAreKeptApart() {
    Subject c = container("c", "h", "app", "prod", "web", "dc1");
    write(point(c, Metric.MEMORY, at(min(1)), 512), point(c, Metric.MEMORY_LIMIT, at(min(1)), 4096),
        point(c, Metric.LIVENESS, at(min(1)), 1));
    eventually(() -> store().query(query(Metric.MEMORY_LIMIT, Selector.container(c.name()), min(0), min(5),
        min(5), Aggregation.MAX, Per.ALL)), r -> assertValues(single(r), Map.of(0L, 4096.0)));
    eventually(() -> store().query(query(Metric.LIVENESS, Selector.container(c.name()), min(0), min(5),
        min(5), Aggregation.MAX, Per.ALL)), r -> assertValues(single(r), Map.of(0L, 1.0)));
    eventually(() -> store().query(query(Metric.MEMORY, Selector.container(c.name()), min(0), min(5),
        min(5), Aggregation.MAX, Per.ALL)), r -> assertValues(single(r), Map.of(0L, 512.0)));
  }

  // ------------------------------------------------------------------ duplicates, empties

  @Test
  void aPointWithTheSameSubjectMetricAndInstantReplacesTheEarlier() {
    Subject c = container("c", "h", "app", "prod", "web", "dc1");
    Instant t = at(min(3)).plusMillis(123);
    write(point(c, Metric.DISK, t, 300), point(c, Metric.DISK, at(min(4)), 10));
    write(point(c, Metric.DISK, t, 100));
    eventually(() -> store().query(query(Metric.DISK, Selector.container(c.name()), min(0), min(5), min(5),
        Aggregation.SUM, Per.SUBJECT)), r -> {
          assertThat(r).hasSize(1);
          assertValues(samples(r.get(0)), Map.of(0L, 110.0));
        });
    eventually(() -> store().hourlyMax(Metric.DISK, Selector.container(c.name()), at(min(0)), at(min(60))),
        r -> assertThat(r).as("the rollup follows the replacement").containsExactly(new HourlyMax(c, base, 100)));
    // the same instant for another metric or subject is a point of its own
    Subject d = container("d", "h", "app", "prod", "web", "dc1");
    write(point(c, Metric.NET_OUT, t, 7), point(d, Metric.DISK, t, 5));
    eventually(() -> store().query(query(Metric.DISK, Selector.application(c.application()), min(0), min(5),
        min(5), Aggregation.SUM, Per.ALL)), r -> assertValues(single(r), Map.of(0L, (100 + 10) / 2.0 + 5)));
  }

  @Test
  void noDataIsAnEmptyAnswer() {
    Subject c = container("c", "h", "app", "prod", "web", "dc1");
    write(point(c, Metric.CPU, at(min(30)), 5));
    // the point is visible: the other queries below are empty because nothing matches
    eventually(() -> store().query(query(Metric.CPU, Selector.container(c.name()), min(0), min(60), min(1),
        Aggregation.AVG, Per.ALL)), r -> assertValues(single(r), Map.of(30L, 5.0)));
    for (Per per : Per.values()) {
      assertThat(store().query(query(Metric.CPU, Selector.container(c.name()), min(0), min(30), min(1),
          Aggregation.AVG, per))).as("before the point, %s", per).isEmpty();
      assertThat(store().query(query(Metric.MEMORY, Selector.container(c.name()), min(0), min(60), min(1),
          Aggregation.AVG, per))).as("another metric, %s", per).isEmpty();
      assertThat(store().query(query(Metric.CPU, Selector.container(name("nobody")), min(0), min(60), min(1),
          Aggregation.AVG, per))).as("another container, %s", per).isEmpty();
    }
    assertThat(store().hourlyMax(Metric.CPU, Selector.container(name("nobody")), at(min(0)), at(min(60)))).isEmpty();
    assertThat(store().hourlyMax(Metric.CPU, Selector.container(c.name()), at(min(60)), at(min(180)))).isEmpty();
    store().write(List.of());
  }

  // ------------------------------------------------------------------ hourly max

  @Test
  void hourlyMaxPerSubjectOverSeveralHours() {
    Subject a = container("a", "h1", "app", "prod", "web", "dc1");
    Subject b = container("b", "h2", "app", "prod", "web", "dc2");
    Subject host = Subject.host(name("h1")).inDatacenter("dc1");
    List<MetricPoint> points = new ArrayList<>();
    // hours 0..3; a: max in hour h is 10*(h+1) at minute 59:59.999; b: max 5 at minute 0 in hours 0 and 2 only
    for (int h = 0; h < 4; h++) {
      Instant hour = base.plus(Duration.ofHours(h));
      points.add(point(a, Metric.CPU, hour.plus(min(10)), 1));
      points.add(point(a, Metric.CPU, hour.plus(Duration.ofMinutes(60)).minusMillis(1), 10 * (h + 1)));
      points.add(point(a, Metric.CPU, hour.plus(min(30)), 2));
      if (h % 2 == 0) {
        points.add(point(b, Metric.CPU, hour, 5));
        points.add(point(b, Metric.CPU, hour.plus(min(1)), 3));
      }
      points.add(point(host, Metric.CPU, hour.plus(min(5)), 99));
    }
    write(points);
    Selector app = Selector.application(a.application());
    eventually(() -> store().hourlyMax(Metric.CPU, app, base.plus(Duration.ofHours(1)), base.plus(Duration.ofHours(4))),
        r -> assertThat(r).containsExactlyInAnyOrder(
            new HourlyMax(a, base.plus(Duration.ofHours(1)), 20),
            new HourlyMax(a, base.plus(Duration.ofHours(2)), 30),
            new HourlyMax(a, base.plus(Duration.ofHours(3)), 40),
            new HourlyMax(b, base.plus(Duration.ofHours(2)), 5)));
    eventually(() -> store().hourlyMax(Metric.CPU, Selector.container(b.name()), base, base.plus(Duration.ofHours(24))),
        r -> assertThat(r).containsExactlyInAnyOrder(new HourlyMax(b, base, 5),
            new HourlyMax(b, base.plus(Duration.ofHours(2)), 5)));
    eventually(() -> store().hourlyMax(Metric.CPU, Selector.group(a.application(), "prod", "web", "dc2"), base,
        base.plus(Duration.ofHours(1))), r -> assertThat(r).containsExactly(new HourlyMax(b, base, 5)));
    eventually(() -> store().hourlyMax(Metric.CPU, Selector.host(name("h1")), base, base.plus(Duration.ofHours(2))),
        r -> assertThat(r).containsExactlyInAnyOrder(new HourlyMax(host, base, 99),
            new HourlyMax(host, base.plus(Duration.ofHours(1)), 99)));
  }

  @Test
  void hourlyMaxFollowsLaterWrites() {
    Subject c = container("c", "h", "app", "prod", "web", "dc1");
    write(point(c, Metric.NET_OUT, at(min(5)), 10));
    eventually(() -> store().hourlyMax(Metric.NET_OUT, Selector.container(c.name()), base, base.plus(Duration.ofHours(1))),
        r -> assertThat(r).containsExactly(new HourlyMax(c, base, 10)));
    write(point(c, Metric.NET_OUT, at(min(50)), 25), point(c, Metric.NET_OUT, at(min(70)), 1));
    eventually(() -> store().hourlyMax(Metric.NET_OUT, Selector.container(c.name()), base, base.plus(Duration.ofHours(2))),
        r -> assertThat(r).containsExactlyInAnyOrder(new HourlyMax(c, base, 25),
            new HourlyMax(c, base.plus(Duration.ofHours(1)), 1)));
  }

  // ------------------------------------------------------------------ bad queries

  @Test
  void badQueriesAreIllegalArguments() {
    Selector sel = Selector.container(name("c"));
    Instant from = base;
    Instant to = base.plus(Duration.ofHours(1));
    List<SeriesQuery> bad = List.of(
        new SeriesQuery(Metric.CPU, sel, to, from, min(1), Aggregation.AVG, Per.ALL),
        new SeriesQuery(Metric.CPU, sel, from, from, min(1), Aggregation.AVG, Per.ALL),
        new SeriesQuery(Metric.CPU, sel, from, to, Duration.ZERO, Aggregation.AVG, Per.ALL),
        new SeriesQuery(Metric.CPU, sel, from, to, Duration.ofSeconds(-60), Aggregation.AVG, Per.SUBJECT),
        new SeriesQuery(Metric.CPU, sel, from, to, null, Aggregation.AVG, Per.ALL),
        new SeriesQuery(null, sel, from, to, min(1), Aggregation.AVG, Per.ALL));
    for (SeriesQuery q : bad) {
      assertThatThrownBy(() -> store().query(q)).as("%s", q).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store().hourlyMax(Metric.CPU, sel, to, from)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().hourlyMax(Metric.CPU, sel, from, from)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().hourlyMax(null, sel, from, to)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<Long, Double> sorted(Map<Long, Double> m) {
    return m.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, LinkedHashMap::new));
  }
}
