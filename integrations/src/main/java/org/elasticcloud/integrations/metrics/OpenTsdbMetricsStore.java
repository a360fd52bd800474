package org.elasticcloud.integrations.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.core.port.MetricsStore;

/**
 * The metrics store on an OpenTSDB 2.4 TSD, over its HTTP API only (no OpenTSDB jar: its
 * dependencies clash with the platform's). For sites with several platform nodes, which need one
 * shared store (docs/architecture.md, "Metrics store").
 *
 * <p><b>Data model.</b> A point is a data point of metric {@code ecloud.<wire name>} (e.g.
 * {@code ecloud.cpu}) with seven tags: {@code kind} ({@code host}/{@code container}), {@code name},
 * {@code host}, {@code application}, {@code environment}, {@code group}, {@code datacenter}; tag
 * values are encoded by {@link OpenTsdbTags} (reversibly; null fields have a placeholder), so a
 * subject is one OpenTSDB time series. Timestamps are always sent in milliseconds, values that are
 * whole numbers as integers (exact), the others as OpenTSDB floats.
 *
 * <p><b>Writes</b> go to {@code /api/put?details&sync} in batches of {@link Settings#batchSize()},
 * up to {@link Settings#parallelism()} at a time. With {@code sync} the TSD answers only once HBase
 * has the points, so a write that returned is visible to every later read and a storage failure is
 * reported; with {@code details} a partly refused batch answers which points failed and why. Any
 * 4xx/5xx or failed point is an {@link OpenTsdbException}. A point written again for the same
 * series and instant replaces the earlier (the TSD needs {@code tsd.storage.fix_duplicates=true}).
 *
 * <p><b>Queries</b> go to {@code /api/query} with {@code msResolution}, range {@code [from, to)} as
 * {@code start=from}, {@code end=to-1ms} (OpenTSDB's end is inclusive), one {@code literal_or}
 * filter per non-null selector field and a downsampler {@code <step>ms-<agg>-nan}: OpenTSDB aligns
 * downsampling buckets to multiples of the interval since the epoch (as the port wants), and with
 * the {@code nan} fill policy an empty bucket is NaN, which every aggregator skips (no
 * interpolation across series) and which this adapter drops. OpenTSDB's downsampler works in
 * whole buckets (it drops one that starts before the start and takes all of the one that holds
 * the end): when {@code from} or {@code to} is not a multiple of the step, the partial first or
 * last bucket is a request of its own with the {@code 0all} downsampler ({@link #queryParts}).
 * <ul>
 *   <li>{@link Per#SUBJECT}: downsampler with the query's aggregation, grouped by kind, name and
 *       host; the subject is read back from the group's tags;</li>
 *   <li>{@link Per#ALL}: downsampler {@code avg} (each subject's mean in the bucket), then
 *       OpenTSDB's aggregator {@code avg}/{@code max}/{@code min}/{@code sum} across the subjects'
 *       buckets: exactly the port's rule, computed by the TSD;</li>
 *   <li>{@link #hourlyMax}: the per-subject MAX query with a step of one hour ({@code 1h-max}
 *       over the raw points), from {@code from} truncated to the hour. OpenTSDB has no rollup unless its rollup tables and
 *       config are set up (and then something must write the rollups), so none is used: the cost
 *       grows with the range's raw points.</li>
 * </ul>
 * A filter value the TSD has never seen makes it answer 400 "No such name"; that is no data, an
 * empty answer.
 *
 * <p><b>TSD settings this adapter needs</b>: {@code tsd.core.auto_create_metrics=true},
 * {@code tsd.storage.fix_duplicates=true}, {@code tsd.http.request.enable_chunked=true} and
 * {@code tsd.http.request.max_chunk} above a batch's size (about 300 bytes a point), as
 * {@code lab/opentsdb.sh} writes them.
 */
public final class OpenTsdbMetricsStore implements MetricsStore {
  static final String METRIC_PREFIX = "ecloud.";
  static final String KIND = "kind";
  static final String NAME = "name";
  static final String HOST = "host";
  static final String APPLICATION = "application";
  static final String ENVIRONMENT = "environment";
  static final String GROUP = "group";
  static final String DATACENTER = "datacenter";
  /** Below this many milliseconds OpenTSDB would read a timestamp as seconds (2^32). */
  private static final long MIN_MILLIS = 1L << 32;
  /** Whole numbers up to this are sent as integers (a double holds them exactly). */
  private static final double MAX_EXACT = 1L << 53;
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Where and how: the TSD's base URL (e.g. {@code http://127.0.0.1:4242}), points per
   * {@code /api/put} request, how many requests a write keeps in flight, the timeout of one
   * request, and whether a put waits until HBase has the points ({@code sync}; without it a
   * write returns earlier but storage failures go unreported and reads lag by up to the TSD's
   * flush interval).
   */
  public record Settings(URI url, int batchSize, int parallelism, Duration timeout, boolean sync) {
    public Settings {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(timeout, "timeout");
      if (batchSize < 1 || parallelism < 1) {
        throw new IllegalArgumentException("batchSize and parallelism must be at least 1");
      }
    }

    /** 2,000 points a request, four requests in flight, 30 s timeout, sync. */
    public static Settings of(URI url) {
      return new Settings(url, 2_000, 4, Duration.ofSeconds(30), true);
    }
  }

  private final Settings settings;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();
  private final URI putUri;
  private final URI queryUri;

  public OpenTsdbMetricsStore(Settings settings) {
    this(settings, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build());
  }

  OpenTsdbMetricsStore(Settings settings, HttpClient http) {
    this.settings = settings;
    this.http = http;
    String base = settings.url().toString().replaceAll("/+$", "");
    this.putUri = URI.create(base + "/api/put?details" + (settings.sync()
        ? "&sync&sync_timeout=" + settings.timeout().toMillis() : ""));
    this.queryUri = URI.create(base + "/api/query");
  }

  public Settings settings() {
    return settings;
  }

  // ------------------------------------------------------------------ write

  @Override
  public void write(List<MetricPoint> points) {
    points.forEach(OpenTsdbMetricsStore::check);
    Deque<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayDeque<>();
    RuntimeException failure = null;
    for (int i = 0; i < points.size() && failure == null; i += settings.batchSize()) {
      byte[] body = putBody(points.subList(i, Math.min(points.size(), i + settings.batchSize())));
      if (inFlight.size() >= settings.parallelism()) {
        failure = putResult(inFlight.removeFirst());
      }
      inFlight.addLast(http.sendAsync(post(putUri, body), HttpResponse.BodyHandlers.ofString()));
    }
    while (!inFlight.isEmpty()) {
      RuntimeException e = putResult(inFlight.removeFirst());
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void check(MetricPoint p) {
    if (p == null || p.at() == null || p.metric() == null || p.subject() == null || p.subject().kind() == null
        || p.subject().name() == null) {
      throw new IllegalArgumentException("a point needs an instant, a metric and a subject with kind and name: " + p);
    }
    if (p.at().toEpochMilli() < MIN_MILLIS) {
      throw new IllegalArgumentException("OpenTSDB takes instants from 1970-02-19 on: " + p);
    }
    if (!Double.isFinite(p.value())) {
      throw new IllegalArgumentException("OpenTSDB stores finite values only: " + p);
    }
  }

  /** The JSON array {@code /api/put} takes for these points. */
  public static byte[] putBody(List<MetricPoint> points) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(points.size() * 300);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (MetricPoint p : points) {
        Subject s = p.subject();
        g.writeStartObject();
        g.writeStringField("metric", metricName(p.metric()));
        g.writeNumberField("timestamp", p.at().toEpochMilli());
        double v = p.value();
        if (v == Math.rint(v) && Math.abs(v) <= MAX_EXACT) {
          g.writeNumberField("value", (long) v);
        } else {
          g.writeNumberField("value", v);
        }
        g.writeObjectFieldStart("tags");
        g.writeStringField(KIND, kindTag(s.kind()));
        g.writeStringField(NAME, OpenTsdbTags.encode(s.name()));
        g.writeStringField(HOST, OpenTsdbTags.encode(s.host()));
        g.writeStringField(APPLICATION, OpenTsdbTags.encode(s.application()));
        g.writeStringField(ENVIRONMENT, OpenTsdbTags.encode(s.environment()));
        g.writeStringField(GROUP, OpenTsdbTags.encode(s.group()));
        g.writeStringField(DATACENTER, OpenTsdbTags.encode(s.datacenter()));
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Null if the put succeeded, else what went wrong. */
  private RuntimeException putResult(CompletableFuture<HttpResponse<String>> future) {
    HttpResponse<String> response;
    try {
      response = future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new OpenTsdbException("interrupted while writing to OpenTSDB at " + settings.url(), e);
    } catch (ExecutionException e) {
      return new OpenTsdbException("OpenTSDB at " + settings.url() + " did not answer a put: " + e.getCause(), e.getCause());
    }
    return putFailure(response.statusCode(), response.body());
  }

  /** Null if a put's answer says every point was stored, else the exception to throw. */
  RuntimeException putFailure(int status, String body) {
    JsonNode answer = parse(body);
    long failed = answer == null ? 0 : answer.path("failed").asLong(0);
    if (status / 100 == 2 && failed == 0) {
      return null;
    }
    StringBuilder msg = new StringBuilder("OpenTSDB refused a put (HTTP ").append(status).append(')');
    if (answer != null && answer.has("failed")) {
      msg.append(": ").append(failed).append(" of ").append(failed + answer.path("success").asLong(0))
          .append(" points failed");
      int shown = 0;
      for (JsonNode error : answer.path("errors")) {
        if (shown++ == 3) {
          msg.append("; …");
          break;
        }
        msg.append("; ").append(error.path("error").asText()).append(" for ").append(error.path("datapoint"));
      }
    } else {
      msg.append(": ").append(errorMessage(answer, body));
    }
    return new OpenTsdbException(status, msg.toString());
  }

  // ------------------------------------------------------------------ queries

  @Override
  public List<Series> query(SeriesQuery q) {
    if (q == null || q.metric() == null || q.aggregation() == null || q.per() == null) {
      throw new IllegalArgumentException("a query needs a metric, an aggregation and per: " + q);
    }
    checkRange(q.from(), q.to());
    if (q.step() == null || q.step().toMillis() < 1) {
      throw new IllegalArgumentException("step must be at least a millisecond: " + q.step());
    }
    Map<Subject, TreeMap<Long, Double>> merged = new LinkedHashMap<>(); // Per.ALL: the null subject
    for (QueryPart part : queryParts(q)) {
      for (JsonNode series : send(part.body())) {
        Subject subject = q.per() == Per.ALL ? null : subject(series.path("tags"));
        TreeMap<Long, Double> into = merged.computeIfAbsent(subject, s -> new TreeMap<>());
        samples(series).forEach((at, v) -> into.put(part.bucket() == null ? at : part.bucket(), v));
      }
    }
    List<Series> out = new ArrayList<>();
    merged.forEach((subject, buckets) -> {
      if (!buckets.isEmpty()) {
        List<Sample> samples = new ArrayList<>(buckets.size());
        buckets.forEach((at, v) -> samples.add(new Sample(Instant.ofEpochMilli(at), v)));
        out.add(new Series(subject, samples));
      }
    });
    return out;
  }

  @Override
  public List<HourlyMax> hourlyMax(Metric metric, Selector selector, Instant from, Instant to) {
    if (metric == null) {
      throw new IllegalArgumentException("a metric is needed");
    }
    checkRange(from, to);
    List<HourlyMax> out = new ArrayList<>();
    for (Series series : query(hourlyMaxQuery(metric, selector, from, to))) {
      series.samples().forEach(s -> out.add(new HourlyMax(series.subject(), s.at(), s.value())));
    }
    return out;
  }

  /** Hourly maxima are the per-subject MAX query with a step of one hour, from the hour of {@code from}. */
  static SeriesQuery hourlyMaxQuery(Metric metric, Selector selector, Instant from, Instant to) {
    return new SeriesQuery(metric, selector, from.truncatedTo(ChronoUnit.HOURS), to, Duration.ofHours(1),
        Aggregation.MAX, Per.SUBJECT);
  }

  private static void checkRange(Instant from, Instant to) {
    if (from == null || to == null || !from.isBefore(to)) {
      throw new IllegalArgumentException("the range needs from before to: " + from + " .. " + to);
    }
  }

  /**
   * One {@code /api/query} of a series query: its body and, for the head part, the bucket its one
   * value belongs to (null: the answer's timestamps are the buckets).
   */
  record QueryPart(ObjectNode body, Long bucket) {
  }

  /**
   * The requests a series query needs (none if the selector can match nothing). OpenTSDB's
   * downsampler works in whole buckets: it leaves out a bucket that starts before the query's
   * start, and takes all of the bucket that holds the query's end, points after the end included.
   * So only whole buckets go to the downsampler; a partial first bucket {@code [from, next)} and a
   * partial last one {@code [last, to)} are asked for on their own with the {@code 0all}
   * downsampler (one value over exactly {@code [start, end)}), and so is a range of one whole bucket.
   */
  List<QueryPart> queryParts(SeriesQuery q) {
    long step = q.step().toMillis();
    long from = q.from().toEpochMilli();
    long to = q.to().toEpochMilli();
    String aggregator = aggregator(q.aggregation());
    String downsampler = q.per() == Per.ALL ? "avg" : aggregator;
    boolean perSubject = q.per() == Per.SUBJECT;
    List<QueryPart> parts = new ArrayList<>();
    long first = Math.floorDiv(from, step) * step;
    long wholeFrom = from;
    if (first < from) {
      wholeFrom = Math.min(to, first + step);
      parts.add(new QueryPart(body(q.metric(), q.selector(), from, wholeFrom, aggregator, "0all-" + downsampler,
          perSubject), first));
    }
    long last = Math.floorDiv(to, step) * step;
    long wholeTo = to;
    if (last < to && last >= wholeFrom) {
      wholeTo = last;
      parts.add(new QueryPart(body(q.metric(), q.selector(), last, to, aggregator, "0all-" + downsampler,
          perSubject), last));
    }
    if (wholeTo - wholeFrom == step) { // one whole bucket (OpenTSDB wants end > start: a 1 ms step)
      parts.add(new QueryPart(body(q.metric(), q.selector(), wholeFrom, wholeTo, aggregator, "0all-" + downsampler,
          perSubject), wholeFrom));
    } else if (wholeFrom < wholeTo) {
      parts.add(new QueryPart(body(q.metric(), q.selector(), wholeFrom, wholeTo, aggregator,
          step + "ms-" + downsampler + "-nan", perSubject), null));
    }
    return parts.stream().anyMatch(p -> p.body() == null) ? List.of() : parts;
  }

  /**
   * A query of {@code [from, to)} (milliseconds); null if the selector can match nothing. A
   * downsampled query's end is inclusive ({@code to - 1}); the {@code 0all} downsampler's one
   * bucket is {@code [start, end)}, so there the end is {@code to}.
   */
  private ObjectNode body(Metric metric, Selector selector, long from, long to, String aggregator,
      String downsample, boolean perSubject) {
    ObjectNode body = mapper.createObjectNode();
    body.put("start", from);
    body.put("end", downsample.startsWith("0all-") ? to : to - 1);
    body.put("msResolution", true);
    ObjectNode sub = body.putArray("queries").addObject();
    sub.put("metric", metricName(metric));
    sub.put("aggregator", aggregator);
    sub.put("downsample", downsample);
    Map<String, String> wanted = filters(selector);
    if (wanted == null) {
      return null;
    }
    ArrayNode filters = sub.putArray("filters");
    for (String tag : List.of(KIND, NAME, HOST, APPLICATION, ENVIRONMENT, GROUP, DATACENTER)) {
      boolean groupBy = perSubject && (tag.equals(KIND) || tag.equals(NAME) || tag.equals(HOST));
      String value = wanted.get(tag);
      if (value != null || groupBy) {
        filters.addObject().put("type", value != null ? "literal_or" : "wildcard").put("tagk", tag)
            .put("filter", value != null ? value : "*").put("groupBy", groupBy);
      }
    }
    return body;
  }

  /** Tag key to encoded tag value, one per non-null selector field; null if it can match nothing. */
  static Map<String, String> filters(Selector s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s == null) {
      return out;
    }
    if (s.kind() != null) {
      out.put(KIND, kindTag(s.kind()));
    }
    if (s.container() != null) {
      if (s.kind() == SubjectKind.HOST) {
        return null; // a container's name never selects a host
      }
      out.put(KIND, kindTag(SubjectKind.CONTAINER));
      out.put(NAME, OpenTsdbTags.encode(s.container()));
    }
    put(out, HOST, s.host());
    put(out, APPLICATION, s.application());
    put(out, ENVIRONMENT, s.environment());
    put(out, GROUP, s.group());
    put(out, DATACENTER, s.datacenter());
    return out;
  }

  private static void put(Map<String, String> out, String tag, String value) {
    if (value != null) {
      out.put(tag, OpenTsdbTags.encode(value));
    }
  }

  /** A series' buckets, NaN (empty) ones left out, oldest first. */
  private static TreeMap<Long, Double> samples(JsonNode series) {
    TreeMap<Long, Double> out = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> dps = series.path("dps").fields();
    while (dps.hasNext()) {
      Map.Entry<String, JsonNode> dp = dps.next();
      if (dp.getValue().isNumber() && Double.isFinite(dp.getValue().doubleValue())) {
        out.put(Long.parseLong(dp.getKey()), dp.getValue().doubleValue());
      }
    }
    return out;
  }

  /** The subject of a per-subject series, from the tags its time series share. */
  static Subject subject(JsonNode tags) {
    String kind = tags.path(KIND).asText(null);
    return new Subject(kind == null ? null : SubjectKind.valueOf(kind.toUpperCase(Locale.ROOT)),
        tag(tags, NAME), tag(tags, HOST), tag(tags, APPLICATION), tag(tags, ENVIRONMENT), tag(tags, GROUP),
        tag(tags, DATACENTER));
  }

  private static String tag(JsonNode tags, String key) {
    JsonNode v = tags.get(key);
    return v == null ? null : OpenTsdbTags.decode(v.asText());
  }

  /** Posts a query; a filter or metric the TSD has never seen is no data: an empty array. */
  private JsonNode send(ObjectNode body) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpResponse<String> response;
    try {
      response = http.send(post(queryUri, bytes), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OpenTsdbException("OpenTSDB at " + settings.url() + " did not answer a query: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpenTsdbException("interrupted while querying OpenTSDB at " + settings.url(), e);
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() == 200 && answer != null && answer.isArray()) {
      return answer;
    }
    String message = errorMessage(answer, response.body());
    if (response.statusCode() == 400 && message.startsWith("No such name for")) {
      return mapper.createArrayNode();
    }
    throw new OpenTsdbException(response.statusCode(), "OpenTSDB refused a query (HTTP " + response.statusCode()
        + "): " + message);
  }

  private HttpRequest post(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code error.message} of a TSD error document (never its stack trace), else the body's start. */
  private static String errorMessage(JsonNode answer, String body) {
    if (answer != null && answer.path("error").hasNonNull("message")) {
      return answer.path("error").path("message").asText();
    }
    String text = body == null ? "" : body.strip();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  static String metricName(Metric metric) {
    return METRIC_PREFIX + metric.wireName();
  }

  static String kindTag(SubjectKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static String aggregator(Aggregation aggregation) {
    return aggregation.name().toLowerCase(Locale.ROOT);
  }
}
