package org.elasticcloud.webapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.port.MetricsStore;

/**
 * A MetricsStore in memory for the alert tests, following the port's documented query semantics
 * (buckets aligned to multiples of the step; for {@link Per#ALL} each subject's points averaged per
 * bucket, then combined across subjects). The platform's real store is wired by the monitoring
 * work; when the MetricsStore contract lands in core's test-jar, this class should pass it too.
 */
class InMemoryMetricsStore implements MetricsStore {
  private final List<MetricPoint> points = new CopyOnWriteArrayList<>();

  @Override
  public void write(List<MetricPoint> batch) {
    points.addAll(batch);
  }

  @Override
  public List<Series> query(SeriesQuery q) {
    long step = q.step().toMillis();
    List<MetricPoint> matching = points.stream()
        .filter(p -> p.metric() == q.metric() && matches(q.selector(), p.subject()))
        .filter(p -> !p.at().isBefore(q.from()) && !p.at().isAfter(q.to()))
        .toList();
    Map<String, List<MetricPoint>> bySubject = matching.stream()
        .collect(Collectors.groupingBy(p -> p.subject().name(), TreeMap::new, Collectors.toList()));
    if (q.per() == Per.SUBJECT) {
      List<Series> out = new ArrayList<>();
      bySubject.forEach((name, ps) -> out.add(new Series(ps.get(0).subject(), buckets(ps, step, q.aggregation()))));
      return out;
    }
    // per bucket: each subject's average, then the aggregation across subjects
    Map<Instant, List<Double>> perBucket = new TreeMap<>();
    bySubject.values().forEach(ps -> buckets(ps, step, Aggregation.AVG)
        .forEach(s -> perBucket.computeIfAbsent(s.at(), k -> new ArrayList<>()).add(s.value())));
    if (perBucket.isEmpty()) {
      return List.of();
    }
    List<Sample> samples = new ArrayList<>();
    perBucket.forEach((at, values) -> samples.add(new Sample(at, combine(values, q.aggregation()))));
    return List.of(new Series(null, samples));
  }

  private static List<Sample> buckets(List<MetricPoint> ps, long step, Aggregation aggregation) {
    Map<Instant, List<Double>> byBucket = new TreeMap<>();
    for (MetricPoint p : ps) {
      long ms = p.at().toEpochMilli();
      byBucket.computeIfAbsent(Instant.ofEpochMilli(ms - Math.floorMod(ms, step)), k -> new ArrayList<>()).add(p.value());
    }
    List<Sample> out = new ArrayList<>();
    byBucket.forEach((at, values) -> out.add(new Sample(at, combine(values, aggregation))));
    return out;
  }

  private static double combine(List<Double> values, Aggregation aggregation) {
    return switch (aggregation) {
      case AVG -> values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      case MAX -> values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      case MIN -> values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
      case SUM -> values.stream().mapToDouble(Double::doubleValue).sum();
    };
  }

  private static boolean matches(Selector s, Subject subject) {
    return (s.kind() == null || s.kind() == subject.kind())
        && eq(s.host(), subject.host()) && eq(s.container(), subject.kind().name().equals("CONTAINER") ? subject.name() : null)
        && eq(s.application(), subject.application()) && eq(s.environment(), subject.environment())
        && eq(s.group(), subject.group()) && eq(s.datacenter(), subject.datacenter());
  }

  private static boolean eq(String wanted, String actual) {
    return wanted == null || Objects.equals(wanted, actual);
  }

  @Override
  public List<HourlyMax> hourlyMax(org.elasticcloud.core.metrics.Metric metric, Selector selector, Instant from,
      Instant to) {
    throw new UnsupportedOperationException("not needed by the alert tests");
  }
}
