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
 * Ingest into a real OpenTSDB TSD (lab/opentsdb.sh): the same points (containers × 8 metrics, one
 * round every 10 s) written through {@link OpenTsdbMetricsStore} and, as the baseline, posted raw to
 * {@code /api/put} (the adapter's own JSON, built before the clock starts; no details, no sync),
 * with the same batch size and requests in flight, three alternating rounds, the median of each.
 * Each variant and round writes its own day so that none overwrites another's cells. Then two queries over what was written. Args: containers (1000),
 * rounds (12), batch size (2000), requests in flight (4). Environment: ECLOUD_LAB_OPENTSDB_URL.
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

    // three rounds of the three variants, alternating (the TSD and HBase warm up as they go); median of each
    int repeats = 3;
    double[][] rate = new double[3][repeats];
    OpenTsdbMetricsStore sync = new OpenTsdbMetricsStore(new Settings(url, batch, inFlight, Duration.ofSeconds(60), true));
    OpenTsdbMetricsStore async = new OpenTsdbMetricsStore(new Settings(url, batch, inFlight, Duration.ofSeconds(60), false));
    int perVariant = 0;
    for (int r = 0; r < repeats; r++) {
      Instant rawDay = day.plus(Duration.ofDays(3L * r));
      List<MetricPoint> rawPoints = points(run, containers, rounds, rawDay);
      perVariant = rawPoints.size();
      List<byte[]> bodies = new ArrayList<>();
      for (int i = 0; i < rawPoints.size(); i += batch) {
        bodies.add(OpenTsdbMetricsStore.putBody(rawPoints.subList(i, Math.min(rawPoints.size(), i + batch))));
      }
      long t0 = System.nanoTime();
      rawPut(http, url.resolve("/api/put"), bodies, inFlight);
      rate[0][r] = rawPoints.size() / seconds(t0);

      List<MetricPoint> syncPoints = points(run, containers, rounds, rawDay.plus(Duration.ofDays(1)));
      t0 = System.nanoTime();
      sync.write(syncPoints);
      rate[1][r] = syncPoints.size() / seconds(t0);

      List<MetricPoint> asyncPoints = points(run, containers, rounds, rawDay.plus(Duration.ofDays(2)));
      t0 = System.nanoTime();
      async.write(asyncPoints);
      rate[2][r] = asyncPoints.size() / seconds(t0);
    }
    double raw = median(rate[0]);
    double adapterSync = median(rate[1]);
    double adapterAsync = median(rate[2]);

    // queries over the sync day: every container's CPU summed per minute; hourly max per container
    Instant from = day.plus(Duration.ofDays(1));
    long t0;
    Instant to = from.plusSeconds(10L * rounds);
    t0 = System.nanoTime();
    int buckets = sync.query(new SeriesQuery(Metric.CPU, Selector.application(run), from, to, Duration.ofMinutes(1),
        Aggregation.SUM, Per.ALL)).get(0).samples().size();
    double sumMs = seconds(t0) * 1000;
    t0 = System.nanoTime();
    int maxima = sync.hourlyMax(Metric.CPU, Selector.application(run), from, to.plus(Duration.ofHours(1))).size();
    double hourlyMs = seconds(t0) * 1000;

    System.out.printf(Locale.ROOT, "OpenTSDB ingest: %d containers x %d metrics x %d rounds = %d points per variant, "
        + "batches of %d, %d in flight%n", containers, METRICS.length, rounds, perVariant, batch, inFlight);
    System.out.printf(Locale.ROOT, "median of %d alternating rounds; each round: %s | %s | %s points/s%n", repeats,
        java.util.Arrays.toString(round(rate[0])), java.util.Arrays.toString(round(rate[1])),
        java.util.Arrays.toString(round(rate[2])));
    System.out.printf(Locale.ROOT, "%-34s %10.0f points/s  1.00%n", "raw /api/put (baseline)", raw);
    System.out.printf(Locale.ROOT, "%-34s %10.0f points/s  %.2f%n", "adapter, sync + details (default)", adapterSync,
        adapterSync / raw);
    System.out.printf(Locale.ROOT, "%-34s %10.0f points/s  %.2f%n", "adapter, details, no sync", adapterAsync,
        adapterAsync / raw);
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

  private static void rawPut(HttpClient http, URI uri, List<byte[]> bodies, int inFlight) throws Exception {
    Deque<CompletableFuture<HttpResponse<String>>> pending = new ArrayDeque<>();
    for (byte[] body : bodies) {
      if (pending.size() >= inFlight) {
        check(pending.removeFirst().get());
      }
      pending.add(http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    while (!pending.isEmpty()) {
      check(pending.removeFirst().get());
    }
  }

  private static void check(HttpResponse<String> response) {
    if (response.statusCode() != 204) {
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
