package org.elasticcloud.webapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.PointRules;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.core.port.MetricsStore.Aggregation;
import org.elasticcloud.core.port.MetricsStore.HourlyMax;
import org.elasticcloud.core.port.MetricsStore.Per;
import org.elasticcloud.core.port.MetricsStore.Selector;
import org.elasticcloud.core.port.MetricsStore.SeriesQuery;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.webapp.monitoring.ReportIngestion;
import org.elasticcloud.webapp.monitoring.ReportIngestion.BadReport;
import org.elasticcloud.webapp.monitoring.ReportIngestion.Outcome;
import org.elasticcloud.webapp.monitoring.ReportIngestion.StoreUnavailable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Monitoring over REST (ADR 0012): agents' reports in, series and hourly maxima out for the pages,
 * and the list of metrics. Times are ISO-8601 instants in, epoch milliseconds in samples out.
 */
@RestController
@RequestMapping("/api/metrics")
@Tag(name = "Metrics")
public class MetricsController {
  /** A query may ask for at most this many buckets. */
  public static final long MAX_BUCKETS = 10_000;
  /** Without a step, the smallest of these that gives at most {@link #TARGET_BUCKETS} buckets. */
  static final List<Duration> STEPS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
      Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
      Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7));
  static final long TARGET_BUCKETS = 360;

  private final ReportIngestion ingestion;
  private final MetricsStore store;
  private final Clock clock = Clock.systemUTC();

  public MetricsController(ReportIngestion ingestion, MetricsStore store) {
    this.ingestion = ingestion;
    this.store = store;
  }

  // ------------------------------------------------------------------ ingestion

  @PostMapping("/reports")
  @Operation(summary = "An agent's report (AgentReport as JSON): good points stored, bad ones counted and explained; 202")
  public ResponseEntity<Map<String, Object>> report(@RequestBody JsonNode body) {
    Outcome o = ingestion.ingest(body);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", o.accepted());
    out.put("rejected", o.rejected());
    out.put("problems", o.problems());
    return ResponseEntity.accepted().body(out);
  }

  @ExceptionHandler(BadReport.class)
  ResponseEntity<ProblemDetail> badReport(BadReport e) {
    return ResponseEntity.badRequest().body(ApiProblems.invalid("body", e.getMessage()));
  }

  @ExceptionHandler(StoreUnavailable.class)
  ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailable e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(ApiProblems.problem(HttpStatus.SERVICE_UNAVAILABLE,
        "metrics-store-unavailable", "Metrics store unavailable",
        "the metrics store did not answer; keep the points and send them again (ECP-MON-001)"));
  }

  // ------------------------------------------------------------------ queries

  /** A series: its subject (null for per=all) and its samples as [epochMillis, value], oldest first. */
  public record SeriesView(@JsonInclude(JsonInclude.Include.ALWAYS) Subject subject, List<List<Number>> samples) {
  }

  /** A metric's wire name and unit. */
  public record MetricView(String name, String unit) {
  }

  @GetMapping("/metrics")
  @Operation(summary = "The metrics agents report, with their units")
  public List<MetricView> metrics() {
    return Arrays.stream(Metric.values()).map(m -> new MetricView(m.wireName(), m.unit())).toList();
  }

  @GetMapping("/series")
  @Operation(summary = "A metric over a range, bucketed by step (default: last hour, <= 360 buckets), "
      + "aggregated over the selected subjects (per=all) or per subject")
  public List<SeriesView> series(@RequestParam(required = false) String metric,
      @RequestParam(required = false) String kind, @RequestParam(required = false) String host,
      @RequestParam(required = false) String container, @RequestParam(required = false) String application,
      @RequestParam(required = false) String environment, @RequestParam(required = false) String group,
      @RequestParam(required = false) String datacenter, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String step,
      @RequestParam(required = false) String aggregation, @RequestParam(required = false) String per) {
    Metric m = metric(metric);
    Selector selector = selector(kind, host, container, application, environment, group, datacenter);
    Instant end = instant("to", to, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    Instant start = instant("from", from, end.minus(Duration.ofHours(1)));
    range(start, end);
    Duration bucket = step == null || step.isBlank() ? defaultStep(start, end) : step(step, start, end);
    Aggregation agg = choice("aggregation", aggregation, Aggregation.AVG, Aggregation.values());
    Per p = choice("per", per, Per.ALL, Per.values());
    List<SeriesView> out = new ArrayList<>();
    for (MetricsStore.Series s : store.query(new SeriesQuery(m, selector, start, end, bucket, agg, p))) {
      out.add(new SeriesView(s.subject(), s.samples().stream()
          .map(x -> List.<Number>of(x.at().toEpochMilli(), x.value())).toList()));
    }
    return out;
  }

  @GetMapping("/hourly-max")
  @Operation(summary = "Each selected subject's hourly maximum of a metric (from the store's rollup); "
      + "default range: the last 24 hours")
  public List<SeriesView> hourlyMax(@RequestParam(required = false) String metric,
      @RequestParam(required = false) String kind, @RequestParam(required = false) String host,
      @RequestParam(required = false) String container, @RequestParam(required = false) String application,
      @RequestParam(required = false) String environment, @RequestParam(required = false) String group,
      @RequestParam(required = false) String datacenter, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Metric m = metric(metric);
    Selector selector = selector(kind, host, container, application, environment, group, datacenter);
    Instant end = instant("to", to, clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
    Instant start = instant("from", from, end.minus(Duration.ofHours(24)));
    range(start, end);
    if (Duration.between(start, end).toHours() > MAX_BUCKETS) {
      throw invalid("from", "the range holds more than " + MAX_BUCKETS + " hours");
    }
    Map<Subject, List<List<Number>>> bySubject = new LinkedHashMap<>();
    for (HourlyMax h : store.hourlyMax(m, selector, start, end)) {
      bySubject.computeIfAbsent(h.subject(), s -> new ArrayList<>())
          .add(List.of(h.hour().toEpochMilli(), h.max()));
    }
    List<SeriesView> out = new ArrayList<>();
    bySubject.forEach((s, samples) -> out.add(new SeriesView(s, samples)));
    return out;
  }

  private static Metric metric(String name) {
    if (name == null || name.isBlank()) {
      throw invalid("metric", "is required (see GET /api/metrics/metrics)");
    }
    return PointRules.metricNamed(name).orElseThrow(() -> invalid("metric",
        "is not a known metric (" + String.join(", ", Arrays.stream(Metric.values()).map(Metric::wireName).toList()) + ")"));
  }

  private static Selector selector(String kind, String host, String container, String application,
      String environment, String group, String datacenter) {
    SubjectKind k = choice("kind", kind, SubjectKind.CONTAINER, SubjectKind.values());
    if (k == SubjectKind.HOST && !allBlank(container, application, environment, group)) {
      throw invalid("kind", "host takes no container, application, environment or group");
    }
    return new Selector(k, orNull(host), orNull(container), orNull(application), orNull(environment), orNull(group),
        orNull(datacenter));
  }

  private static Instant instant(String field, String value, Instant fallback) {
    if (blank(value)) {
      return fallback;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw invalid(field, "must be an ISO-8601 instant such as 2026-11-26T12:00:00Z");
    }
  }

  private static void range(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw invalid("from", "must be before to");
    }
  }

  private static Duration step(String value, Instant from, Instant to) {
    Duration d;
    try {
      d = Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw invalid("step", "must be an ISO-8601 duration such as PT1M");
    }
    if (d.isNegative() || d.toMillis() < 1) {
      throw invalid("step", "must be positive (at least 1 ms)");
    }
    if (buckets(from, to, d) > MAX_BUCKETS) {
      throw invalid("step", "gives more than " + MAX_BUCKETS + " buckets over the range");
    }
    return d;
  }

  static Duration defaultStep(Instant from, Instant to) {
    for (Duration d : STEPS) {
      if (buckets(from, to, d) <= TARGET_BUCKETS) {
        return d;
      }
    }
    Duration last = STEPS.get(STEPS.size() - 1);
    if (buckets(from, to, last) > MAX_BUCKETS) {
      throw invalid("from", "the range is too long for any step");
    }
    return last;
  }

  private static long buckets(Instant from, Instant to, Duration step) {
    long ms = step.toMillis();
    return Math.floorDiv(to.toEpochMilli() - 1, ms) - Math.floorDiv(from.toEpochMilli(), ms) + 1;
  }

  private static <E extends Enum<E>> E choice(String field, String value, E fallback, E[] values) {
    if (blank(value)) {
      return fallback;
    }
    for (E e : values) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw invalid(field, "must be one of " + String.join(", ",
        Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
  }

  private static ValidationException invalid(String field, String message) {
    return new ValidationException(field, message);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static boolean allBlank(String... values) {
    return Arrays.stream(values).allMatch(MetricsController::blank);
  }

  private static String orNull(String s) {
    return blank(s) ? null : s.trim();
  }
}
