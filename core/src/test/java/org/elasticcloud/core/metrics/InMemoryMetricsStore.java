package org.elasticcloud.core.metrics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.elasticcloud.core.port.MetricsStore;

/**
 * The metrics store's semantics in a few lines, over a map: the reference the contract is checked
 * against (so a failing adapter test means the adapter, not the contract, is wrong). Tests only.
 */
public class InMemoryMetricsStore implements MetricsStore {
  private record Key(SubjectKind kind, String name, String host, Metric metric, Instant at) {
  }

  private final Map<Key, MetricPoint> points = new ConcurrentHashMap<>();

  @Override
  public void write(List<MetricPoint> batch) {
    for (MetricPoint p : batch) {
      Subject s = p.subject();
      points.put(new Key(s.kind(), s.name(), s.host(), p.metric(), p.at()), p);
    }
  }

  @Override
  public List<Series> query(SeriesQuery q) {
    if (q.metric() == null || q.from() == null || q.to() == null || !q.from().isBefore(q.to())
        || q.step() == null || q.step().isZero() || q.step().isNegative()) {
      throw new IllegalArgumentException("bad query " + q);
    }
    long step = q.step().toMillis();
    // subject -> bucket -> values
    Map<Subject, TreeMap<Long, List<Double>>> buckets = new LinkedHashMap<>();
    for (MetricPoint p : matching(q.metric(), q.selector(), q.from(), q.to())) {
      long bucket = Math.floorDiv(p.at().toEpochMilli(), step) * step;
      buckets.computeIfAbsent(p.subject(), s -> new TreeMap<>())
          .computeIfAbsent(bucket, b -> new ArrayList<>()).add(p.value());
    }
    if (buckets.isEmpty()) {
      return List.of();
    }
    if (q.per() == Per.SUBJECT) {
      List<Series> out = new ArrayList<>();
      buckets.forEach((subject, bs) -> out.add(new Series(subject, samples(bs, q.aggregation()))));
      return out;
    }
    TreeMap<Long, List<Double>> across = new TreeMap<>();
    buckets.values().forEach(bs -> bs.forEach((b, vs) -> across.computeIfAbsent(b, x -> new ArrayList<>())
        .add(vs.stream().mapToDouble(Double::doubleValue).average().orElseThrow())));
    return List.of(new Series(null, samples(across, q.aggregation())));
  }

  private static List<Sample> samples(TreeMap<Long, List<Double>> buckets, Aggregation aggregation) {
    List<Sample> out = new ArrayList<>();
    buckets.forEach((b, vs) -> {
      DoubleSummaryStatistics st = vs.stream().mapToDouble(Double::doubleValue).summaryStatistics();
      double v = switch (aggregation) {
        case AVG -> st.getAverage();
        case MAX -> st.getMax();
        case MIN -> st.getMin();
        case SUM -> st.getSum();
      };
      out.add(new Sample(Instant.ofEpochMilli(b), v));
    });
    return out;
  }

  @Override
  public List<HourlyMax> hourlyMax(Metric metric, Selector selector, Instant from, Instant to) {
    if (metric == null || from == null || to == null || !from.isBefore(to)) {
      throw new IllegalArgumentException("bad range " + from + " .. " + to);
    }
    Map<Subject, TreeMap<Instant, Double>> max = new LinkedHashMap<>();
    for (MetricPoint p : matching(metric, selector, from.truncatedTo(ChronoUnit.HOURS), to)) {
      max.computeIfAbsent(p.subject(), s -> new TreeMap<>())
          .merge(p.at().truncatedTo(ChronoUnit.HOURS), p.value(), Math::max);
    }
    List<HourlyMax> out = new ArrayList<>();
    max.forEach((s, hours) -> hours.forEach((h, v) -> out.add(new HourlyMax(s, h, v))));
    return out;
  }

  private List<MetricPoint> matching(Metric metric, Selector sel, Instant from, Instant to) {
    return points.values().stream()
        .filter(p -> p.metric() == metric && !p.at().isBefore(from) && p.at().isBefore(to))
        .filter(p -> sel == null || matches(sel, p.subject()))
        .sorted(Comparator.comparing(MetricPoint::at))
        .collect(Collectors.toList());
  }

  private static boolean matches(Selector sel, Subject s) {
    return (sel.kind() == null || sel.kind() == s.kind())
        && (sel.host() == null || sel.host().equals(s.host()))
        && (sel.container() == null || (s.kind() == SubjectKind.CONTAINER && sel.container().equals(s.name())))
        && eq(sel.application(), s.application()) && eq(sel.environment(), s.environment())
        && eq(sel.group(), s.group()) && eq(sel.datacenter(), s.datacenter());
  }

  private static boolean eq(String wanted, String actual) {
    return wanted == null || Objects.equals(wanted, actual);
  }
}
