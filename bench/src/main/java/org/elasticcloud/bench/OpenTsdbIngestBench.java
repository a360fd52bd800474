package org.elasticcloud.bench;

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
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.port.MetricsStore.Aggregation;
import org.elasticcloud.core.port.MetricsStore.Per;
import org.elasticcloud.core.port.MetricsStore.Selector;
import org.elasticcloud.core.port.MetricsStore.SeriesQuery;
import org.elasticcloud.integrations.metrics.OpenTsdbMetricsStore;
import org.elasticcloud.integrations.metrics.OpenTsdbMetricsStore.Settings;

/**
 * Ingest into a real OpenTSDB TSD (lab/opentsdb.sh): the same kind of points (containers × 8
 * metrics, one round every 10 s) written through {@link OpenTsdbMetricsStore} and, as its baseline,
 * posted raw to {@code /api/put} with the same query parameters (the adapter's own JSON, built
 * before the clock starts), the same batch size and requests in flight; once with {@code sync}
 * (the adapter's default) and once without, where the time runs until the last point is readable
 * (without sync the TSD answers before HBase has the points). Three rounds, each in another order,
 * the median of each; every variant and round writes its own day. Then two queries. Args:
 * containers (1000), rounds (12), batch size (2000), requests in flight (4). Environment:
 * ECLOUD_LAB_OPENTSDB_URL.
 */
public final class OpenTsdbIngestBench {
  private static final Metric[] METRICS = {Metric.CPU, Metric.CONNECTIONS, Metric.MEMORY, Metric.NET_IN,
      Metric.NET_OUT, Metric.LOAD, Metric.DISK, Metric.LIVENESS};

  private OpenTsdbIngestBench() {
  }

  public static void main(String[] args) throws Exception {
    int containers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    URI url = URI.create(System.getenv("ECLOUD_LAB_OPENTSDB_URL"));
    String run = "b" + UUID.randomUUID().toString().substring(0, 6);
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(7));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // warm-up: the TSD assigns UIDs to new tag values on first sight; do that for every variant's subjects
    List<MetricPoint> warm = points(run, containers, 1, day.minus(Duration.ofDays(1)));
    new OpenTsdbMetricsStore(new Settings(url, batch, inFlight, Duration.ofSeconds(60), false)).write(warm);

    // four variants, three rounds, each round in another order; the median of each variant
    String[] names = {"raw /api/put?details&sync", "adapter, sync (default)", "raw /api/put (no sync)",
        "adapter, no sync"};
    int repeats = 3;
    double[][] rate = new double[names.length][repeats];
    OpenTsdbMetricsStore sync = new OpenTsdbMetricsStore(new Settings(url, batch, inFlight, Duration.ofSeconds(60), true));
    OpenTsdbMetricsStore async = new OpenTsdbMetricsStore(new Settings(url, batch, inFlight, Duration.ofSeconds(60), false));
    int perVariant = 0;
    int day0 = 0;
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < names.length; k++) {
        int v = (k + r) % names.length;
        Instant start = day.plus(Duration.ofDays(day0++));
        List<MetricPoint> points = points(run, containers, rounds, start);
        perVariant = points.size();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; v % 2 == 0 && i < points.size(); i += batch) {
          bodies.add(OpenTsdbMetricsStore.putBody(points.subList(i, Math.min(points.size(), i + batch))));
        }
        long t0 = System.nanoTime();
        switch (v) {
          case 0 -> rawPut(http, url.resolve("/api/put?details&sync&sync_timeout=60000"), bodies, inFlight, 200);
          case 1 -> sync.write(points);
          case 2 -> rawPut(http, url.resolve("/api/put"), bodies, inFlight, 204);
          default -> async.write(points);
        }
        if (v >= 2) { // without sync the TSD answers before HBase has the points: count until they are readable
          MetricPoint lastPoint = points.get(points.size() - 1);
          SeriesQuery last = new SeriesQuery(lastPoint.metric(), Selector.container(lastPoint.subject().name()),
              lastPoint.at(), lastPoint.at().plusMillis(1), Duration.ofSeconds(10), Aggregation.MAX, Per.ALL);
          long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
          while (sync.query(last).isEmpty()) { // polls the condition (a query is a few ms)
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("the last point of " + names[v] + " is not readable after 120 s");
            }
          }
        }
        rate[v][r] = points.size() / seconds(t0);
      }
    }

    // queries over the first day: every container's CPU summed per minute; hourly max per container
    Instant from = day;
    Instant to = from.plusSeconds(10L * rounds);
    long t0 = System.nanoTime();
    int buckets = sync.query(new SeriesQuery(Metric.CPU, Selector.application(run), from, to, Duration.ofMinutes(1),
        Aggregation.SUM, Per.ALL)).get(0).samples().size();
    double sumMs = seconds(t0) * 1000;
    t0 = System.nanoTime();
    int maxima = sync.hourlyMax(Metric.CPU, Selector.application(run), from, to.plus(Duration.ofHours(1))).size();
    double hourlyMs = seconds(t0) * 1000;

    System.out.printf(Locale.ROOT, "OpenTSDB ingest: %d containers x %d metrics x %d rounds = %d points per variant, "
        + "batches of %d, %d in flight; median of %d rounds (each round's rates in brackets)%n", containers,
        METRICS.length, rounds, perVariant, batch, inFlight, repeats);
    for (int v = 0; v < names.length; v++) {
      double baseline = median(rate[v - v % 2]);
      System.out.printf(Locale.ROOT, "%-28s %8.0f points/s  %.2f  %s%n", names[v], median(rate[v]),
          median(rate[v]) / baseline, java.util.Arrays.toString(round(rate[v])));
    }
    System.out.printf(Locale.ROOT, "query Per.ALL SUM of %d containers' CPU per minute: %.0f ms (%d buckets)%n",
        containers, sumMs, buckets);
    System.out.printf(Locale.ROOT, "hourlyMax of %d containers' CPU: %.0f ms (%d maxima)%n", containers, hourlyMs, maxima);
  }

  private static List<MetricPoint> points(String run, int containers, int rounds, Instant start) {
    List<MetricPoint> out = new ArrayList<>(containers * rounds * METRICS.length);
    List<Subject> subjects = new ArrayList<>();
    for (int c = 0; c < containers; c++) {
      subjects.add(Subject.container(run + "-web-" + c, run + "-host-" + (c % 20), run, "prod", "web" + (c % 50))
          .inDatacenter("dc1"));
    }
    for (int r = 0; r < rounds; r++) {
      Instant at = start.plusSeconds(10L * r);
      for (int c = 0; c < containers; c++) {
        for (int m = 0; m < METRICS.length; m++) {
          out.add(new MetricPoint(at, subjects.get(c), METRICS[m], m == 0 ? (c + r) % 400 + 0.5 : 1_000L * c + r));
        }
      }
    }
    return out;
  }

  private static void rawPut(HttpClient http, URI uri, List<byte[]> bodies, int inFlight, int ok) throws Exception {
    Deque<CompletableFuture<HttpResponse<String>>> pending = new ArrayDeque<>();
    for (byte[] body : bodies) {
      if (pending.size() >= inFlight) {
        check(pending.removeFirst().get(), ok);
      }
      pending.add(http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    while (!pending.isEmpty()) {
      check(pending.removeFirst().get(), ok);
    }
  }

  private static void check(HttpResponse<String> response, int ok) {
    if (response.statusCode() != ok) {
      throw new IllegalStateException("raw put: HTTP " + response.statusCode() + " " + response.body());
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  private static long[] round(double[] values) {
    return java.util.Arrays.stream(values).mapToLong(Math::round).toArray();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
