package org.elasticcloud.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of an agent's points the platform stores. A point is refused (and counted) when it is not
 * about the report's host, names no subject, carries a value no metric can have (NaN, infinite,
 * negative; liveness other than 0 or 1) or lies outside the window the store accepts: more than
 * {@link #MAX_AHEAD} in the future (a wrong clock) or older than {@link #MAX_AGE} (the agent's
 * buffer is not that long, and older hours are already rolled up).
 */
public final class PointRules {
  public static final Duration MAX_AHEAD = Duration.ofMinutes(5);
  public static final Duration MAX_AGE = Duration.ofDays(7);

  private PointRules() {
  }

  /** Why the point cannot be stored, or empty when it can; {@code reportHost} is the report's host. */
  public static Optional<String> problem(MetricPoint p, String reportHost, Instant now) {
    if (p.at() == null) {
      return Optional.of("has no instant");
    }
    if (p.metric() == null) {
      return Optional.of("has no metric");
    }
    Subject s = p.subject();
    if (s == null || s.kind() == null) {
      return Optional.of("has no subject kind (HOST or CONTAINER)");
    }
    if (blank(s.name())) {
      return Optional.of("has no subject name");
    }
    if (blank(s.host())) {
      return Optional.of("has no subject host");
    }
    if (!s.host().equals(reportHost)) {
      return Optional.of("is about host " + s.host() + ", the report is from " + reportHost);
    }
    if (s.kind() == SubjectKind.HOST && !s.name().equals(s.host())) {
      return Optional.of("is a host point whose name " + s.name() + " is not its host " + s.host());
    }
    double v = p.value();
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Optional.of("has no finite value");
    }
    if (v < 0) {
      return Optional.of("has a negative " + p.metric().wireName() + " (" + v + ")");
    }
    if (p.metric() == Metric.LIVENESS && v != 0 && v != 1) {
      return Optional.of("has liveness " + v + " (0 or 1)");
    }
    if (p.at().isAfter(now.plus(MAX_AHEAD))) {
      return Optional.of("is at " + p.at() + ", more than " + MAX_AHEAD.toMinutes() + " minutes ahead of the platform");
    }
    if (p.at().isBefore(now.minus(MAX_AGE))) {
      return Optional.of("is at " + p.at() + ", older than " + MAX_AGE.toDays() + " days");
    }
    return Optional.empty();
  }

  /** The metric named by its wire name ({@code net_in}) or its enum name ({@code NET_IN}). */
  public static Optional<Metric> metricNamed(String name) {
    if (name == null) {
      return Optional.empty();
    }
    Optional<Metric> byWire = Metric.fromWire(name);
    if (byWire.isPresent()) {
      return byWire;
    }
    for (Metric m : Metric.values()) {
      if (m.name().equals(name.toUpperCase(Locale.ROOT))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
