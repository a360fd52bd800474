package org.elasticcloud.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;

/**
 * The time-series store of the agents' points (embedded QuestDB by default, OpenTSDB at the seed's
 * scale). Writes are batched; queries bucket points by a step and aggregate them over the matched
 * subjects or per subject. Every adapter passes the shared contract.
 */
public interface MetricsStore {

  /** Stores the points; a point with the same subject, metric and instant replaces the earlier. */
  void write(List<MetricPoint> points);

  /** Series of one metric over a range, bucketed by {@code step}. */
  List<Series> query(SeriesQuery query);

  /**
   * The hourly maximum of a metric per subject over a range (whole hours), from the store's rollup:
   * what the utilization reports and the predictor read.
   */
  List<HourlyMax> hourlyMax(Metric metric, Selector selector, Instant from, Instant to);

  /** Which subjects a query covers; null fields match anything. */
  record Selector(SubjectKind kind, String host, String container, String application,
      String environment, String group, String datacenter) {

    public static Selector container(String name) {
      return new Selector(SubjectKind.CONTAINER, null, name, null, null, null, null);
    }

    public static Selector host(String name) {
      return new Selector(SubjectKind.HOST, name, null, null, null, null, null);
    }

    public static Selector group(String application, String environment, String group,
        String datacenter) {
      return new Selector(SubjectKind.CONTAINER, null, null, application, environment, group,
          datacenter);
    }

    public static Selector application(String application) {
      return new Selector(SubjectKind.CONTAINER, null, null, application, null, null, null);
    }

    public static Selector containersOn(String host) {
      return new Selector(SubjectKind.CONTAINER, host, null, null, null, null, null);
    }
  }

  /** How points in one bucket (and, for {@link Per#ALL}, across subjects) are combined. */
  enum Aggregation {
    AVG, MAX, MIN, SUM
  }

  /** One series for all matched subjects together, or one per subject. */
  enum Per {
    ALL, SUBJECT
  }

  /**
   * For {@link Per#ALL} the store first averages each subject's points within a bucket, then
   * combines the subjects' values with {@code aggregation} (so SUM of CPU is the group's total).
   * For {@link Per#SUBJECT} it combines each subject's points within a bucket with
   * {@code aggregation}.
   */
  record SeriesQuery(Metric metric, Selector selector, Instant from, Instant to, Duration step,
      Aggregation aggregation, Per per) {
  }

  /** A series: the subject (null for {@link Per#ALL}) and its buckets, oldest first. */
  record Series(Subject subject, List<Sample> samples) {
  }

  /** A bucket's start and its value. */
  record Sample(Instant at, double value) {
  }

  /** A subject's maximum over the hour that starts at {@code hour}. */
  record HourlyMax(Subject subject, Instant hour, double max) {
  }
}
