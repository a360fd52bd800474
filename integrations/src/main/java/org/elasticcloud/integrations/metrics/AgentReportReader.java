package org.elasticcloud.integrations.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.elasticcloud.core.metrics.AgentReport;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.PointRules;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;

/**
 * Reads an agent's report ({@link AgentReport} as JSON) point by point, leniently: a point that
 * cannot be read or breaks {@link PointRules} is left out and said why, the others are kept, with
 * their subject's datacenter filled in. Only a body that is no JSON object, names no host or has no
 * {@code points} array is refused whole ({@link MalformedReport}). Metrics are accepted by wire name
 * ({@code net_in}) or enum name ({@code NET_IN}), subject kinds in any case; unknown fields are
 * ignored. Stateless apart from its clock and lookup: safe for concurrent use.
 */
public final class AgentReportReader {
  /** How many reasons a result keeps (the count covers them all). */
  public static final int MAX_PROBLEMS = 20;
  private static final Map<String, Metric> METRICS = new HashMap<>();

  static {
    for (Metric m : Metric.values()) {
      METRICS.put(m.wireName(), m);
      METRICS.put(m.name(), m);
    }
  }

  private final ObjectMapper mapper;
  private final Clock clock;
  private final Function<String, String> datacenterOfHost;

  /** {@code datacenterOfHost}: the datacenter's name of a host's name, or null when unknown. */
  public AgentReportReader(ObjectMapper mapper, Clock clock, Function<String, String> datacenterOfHost) {
    this.mapper = mapper;
    this.clock = clock;
    this.datacenterOfHost = datacenterOfHost;
  }

  /** The report minus its bad points; {@code rejected} counts those, {@code problems} says why (the first few). */
  public record Result(AgentReport report, int rejected, List<String> problems) {
    public int accepted() {
      return report.points().size();
    }
  }

  /** The body cannot be read as a report at all. */
  public static final class MalformedReport extends RuntimeException {
    public MalformedReport(String message) {
      super(message);
    }
  }

  public Result read(byte[] json) {
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedReport("the body is not well-formed JSON");
    } catch (IOException e) {
      throw new MalformedReport("the body cannot be read");
    }
    return read(tree);
  }

  public Result read(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new MalformedReport("the body is not a JSON object");
    }
    JsonNode pointsNode = body.get("points");
    if (pointsNode == null || !pointsNode.isArray()) {
      throw new MalformedReport("the report has no points array");
    }
    String host = text(body, "host");
    if (host == null || host.isBlank()) {
      throw new MalformedReport("the report names no host");
    }
    Instant now = clock.instant();
    String datacenter = datacenterOfHost.apply(host);
    List<String> problems = new ArrayList<>();
    int rejected = 0;
    List<MetricPoint> points = new ArrayList<>(pointsNode.size());
    Instants instants = new Instants();
    for (int i = 0; i < pointsNode.size(); i++) {
      String problem;
      MetricPoint p = null;
      try {
        p = point(pointsNode.get(i), datacenter, instants);
        problem = PointRules.problem(p, host, now).orElse(null);
      } catch (BadPoint e) {
        problem = e.getMessage();
      }
      if (problem == null) {
        points.add(p);
      } else {
        rejected++;
        if (problems.size() < MAX_PROBLEMS) {
          problems.add("points[" + i + "] " + problem);
        }
      }
    }
    List<HostCondition> conditions = new ArrayList<>();
    JsonNode conditionsNode = body.get("conditions");
    if (conditionsNode != null && conditionsNode.isArray()) {
      for (int i = 0; i < conditionsNode.size(); i++) {
        JsonNode c = conditionsNode.get(i);
        String check = c.isObject() ? text(c, "check") : null;
        JsonNode healthy = c.isObject() ? c.get("healthy") : null;
        if (check == null || check.isBlank() || healthy == null || !healthy.isBoolean()) {
          if (problems.size() < MAX_PROBLEMS) {
            problems.add("conditions[" + i + "] needs a check and healthy true or false");
          }
          continue;
        }
        conditions.add(new HostCondition(check, healthy.booleanValue(), text(c, "detail")));
      }
    }
    Instant sentAt = null;
    try {
      sentAt = instants.of(body.get("sentAt"));
    } catch (BadPoint ignored) {
      // sentAt is informational
    }
    return new Result(new AgentReport(text(body, "agent"), host, sentAt, points, conditions), rejected,
        List.copyOf(problems));
  }

  private static final class BadPoint extends Exception {
    BadPoint(String message) {
      super(message, null, false, false);
    }
  }

  private static MetricPoint point(JsonNode n, String datacenter, Instants instants) throws BadPoint {
    if (n == null || !n.isObject()) {
      throw new BadPoint("is not an object");
    }
    String metricName = text(n, "metric");
    Optional<Metric> metric = metricName == null ? Optional.empty()
        : Optional.ofNullable(METRICS.get(metricName)).or(() -> PointRules.metricNamed(metricName));
    if (metric.isEmpty()) {
      throw new BadPoint(metricName == null ? "has no metric" : "has an unknown metric '" + clip(metricName) + "'");
    }
    JsonNode s = n.get("subject");
    if (s == null || !s.isObject()) {
      throw new BadPoint("has no subject");
    }
    String kindName = text(s, "kind");
    SubjectKind kind;
    if ("HOST".equalsIgnoreCase(kindName)) {
      kind = SubjectKind.HOST;
    } else if ("CONTAINER".equalsIgnoreCase(kindName)) {
      kind = SubjectKind.CONTAINER;
    } else {
      throw new BadPoint(kindName == null ? "has no subject kind (HOST or CONTAINER)"
          : "has an unknown subject kind '" + clip(kindName) + "'");
    }
    Subject subject = new Subject(kind, text(s, "name"), text(s, "host"), text(s, "application"),
        text(s, "environment"), text(s, "group"), datacenter);
    return new MetricPoint(instants.of(n.get("at")), subject, metric.get(), value(n.get("value")));
  }

  private static double value(JsonNode v) throws BadPoint {
    if (v == null || v.isNull()) {
      throw new BadPoint("has no value");
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual() && List.of("nan", "infinity", "-infinity", "+infinity").contains(v.textValue().toLowerCase(Locale.ROOT))) {
      return Double.NaN; // refused by the rules as not finite
    }
    throw new BadPoint("has a value that is not a number");
  }

  /** Parses instants, remembering the last one: the points of one collection round share theirs. */
  private static final class Instants {
    private String lastText;
    private Instant last;

    Instant of(JsonNode at) throws BadPoint {
      if (at == null || at.isNull()) {
        return null;
      }
      if (!at.isTextual()) {
        throw new BadPoint("has an instant that is not an ISO-8601 string");
      }
      String s = at.textValue();
      if (!s.equals(lastText)) {
        last = parse(s);
        lastText = s;
      }
      return last;
    }

    private static Instant parse(String s) throws BadPoint {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e2) {
          throw new BadPoint("has an instant that is not ISO-8601: '" + clip(s) + "'");
        }
      }
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
