package org.elasticcloud.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.cairo.wal.WalWriter;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.port.MetricsStore.HourlyMax;
import org.elasticcloud.core.port.MetricsStore.Selector;
import org.elasticcloud.integrations.metrics.AgentReportReader;
import org.elasticcloud.integrations.metrics.QuestDbMetricsStore;

/**
 * The metrics store on the embedded QuestDB, through the platform's own code against QuestDB's own
 * fastest path, in one run, alternating (in-process calls, no HTTP):
 * <ol>
 *   <li>ingestion: agents' reports as JSON bytes (100 containers + the host, 9 metrics each, one
 *       collection round per report) through {@link AgentReportReader} (the JSON tree, the point
 *       rules, the datacenter) and {@code MetricsStore.write}, against the same points already in
 *       memory appended with QuestDB's {@link WalWriter} (one commit per report both ways);</li>
 *   <li>the hourly maximum of CPU over 24 hours for {@code containers} containers through
 *       {@code MetricsStore.hourlyMax} (objects, sorted), against plain SQL on the rollup view read
 *       row by row.</li>
 * </ol>
 * Args: reports per ingestion pass (400), containers for the query (10000), rounds (3).
 */
public final class MetricsStoreBench {
  private static final String[] METRICS = Arrays.stream(Metric.values()).map(Metric::wireName).toArray(String[]::new);

  private MetricsStoreBench() {
  }

  public static void main(String[] args) throws Exception {
    int reports = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int containers = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("metrics-bench");
    try (QuestDbMetricsStore store = QuestDbMetricsStore.open(QuestDbMetricsStore.Settings.in(dir))) {
      ingestion(store, reports, rounds);
      query(store, containers, rounds);
    } finally {
      deleteTree(dir);
    }
  }

  // ------------------------------------------------------------------ (a) ingestion

  private static void ingestion(QuestDbMetricsStore store, int reports, int rounds) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    AgentReportReader reader = new AgentReportReader(mapper, Clock.systemUTC(), h -> "dc-bench");
    double[] platform = new double[rounds];
    double[] raw = new double[rounds];
    double[] platformApplied = new double[rounds];
    double[] rawApplied = new double[rounds];
    long points = 0;
    for (int round = -1; round < rounds; round++) { // round -1 warms up both paths
      // new instants every pass (10 s apart per report of a host), all within the last hours
      Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(6))
          .plusMillis(10L * (round + 2));
      List<byte[]> json = new ArrayList<>(reports);
      List<List<MetricPoint>> parsed = new ArrayList<>(reports);
      for (int r = 0; r < reports; r++) {
        byte[] body = report("bench-h" + (r % 10), start.plusSeconds(10L * (r / 10)), 100);
        json.add(body);
        parsed.add(reader.read(body).report().points());
      }
      points = parsed.stream().mapToLong(List::size).sum();
      List<List<MetricPoint>> rawPoints = shifted(parsed, 1); // 1 ms later: new points, not duplicates
      boolean rawFirst = round % 2 == 0;
      for (int leg = 0; leg < 2; leg++) {
        boolean doRaw = (leg == 0) == rawFirst;
        long t0 = System.nanoTime();
        if (doRaw) {
          rawWrite(store.engine(), rawPoints);
        } else {
          for (byte[] body : json) {
            store.write(reader.read(body).report().points());
          }
        }
        long t1 = System.nanoTime();
        store.awaitApplied(Duration.ofMinutes(5));
        long t2 = System.nanoTime();
        if (round >= 0) {
          (doRaw ? raw : platform)[round] = points / ((t1 - t0) / 1e9);
          (doRaw ? rawApplied : platformApplied)[round] = points / ((t2 - t0) / 1e9);
        }
      }
    }
    double p = median(platform);
    double r = median(raw);
    System.out.printf(Locale.ROOT, "(a) ingestion: %d reports of %d points (100 containers + host, 9 metrics), "
        + "one commit per report, median of %d rounds%n", reports, points / reports, rounds);
    System.out.printf(Locale.ROOT, "%-52s %12s %14s %8s%n", "", "points/s", "incl. applied", "ratio");
    System.out.printf(Locale.ROOT, "%-52s %12.0f %14.0f %7.2fx%n", "raw: WalWriter rows from points in memory", r,
        median(rawApplied), 1.0);
    System.out.printf(Locale.ROOT, "%-52s %12.0f %14.0f %7.2fx%n", "platform: JSON -> AgentReportReader -> store.write",
        p, median(platformApplied), r / p);
  }

  /** A report as an agent sends it: one round of the host and its containers. */
  static byte[] report(String host, Instant at, int containers) {
    StringBuilder sb = new StringBuilder(containers * 9 * 200);
    sb.append("{\"agent\":\"agent-").append(host).append("\",\"host\":\"").append(host)
        .append("\",\"sentAt\":\"").append(at.plusSeconds(1)).append("\",\"points\":[");
    boolean first = true;
    for (int c = -1; c < containers; c++) {
      String subject = c < 0 ? "{\"kind\":\"HOST\",\"name\":\"" + host + "\",\"host\":\"" + host + "\"}"
          : "{\"kind\":\"CONTAINER\",\"name\":\"app" + (c % 20) + "-prod-web-" + host + "-" + c + "\",\"host\":\""
              + host + "\",\"application\":\"app" + (c % 20) + "\",\"environment\":\"prod\",\"group\":\"web\"}";
      for (int m = 0; m < METRICS.length; m++) {
        sb.append(first ? "" : ",").append("{\"at\":\"").append(at).append("\",\"subject\":").append(subject)
            .append(",\"metric\":\"").append(METRICS[m]).append("\",\"value\":")
            .append(m == 7 ? 1 : (c + 2) * 1.5 + m).append('}');
        first = false;
      }
    }
    sb.append("],\"conditions\":[{\"check\":\"smart\",\"healthy\":true,\"detail\":\"ok\"}]}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<List<MetricPoint>> shifted(List<List<MetricPoint>> batches, long millis) {
    List<List<MetricPoint>> out = new ArrayList<>(batches.size());
    for (List<MetricPoint> b : batches) {
      out.add(b.stream().map(p -> new MetricPoint(p.at().plusMillis(millis), p.subject(), p.metric(), p.value())).toList());
    }
    return out;
  }

  /** QuestDB's own path: rows straight into the WAL, column indexes looked up once. */
  private static void rawWrite(CairoEngine engine, List<List<MetricPoint>> batches) {
    var token = engine.verifyTableName("ecloud_points");
    try (WalWriter w = engine.getWalWriter(token)) {
      var md = w.getMetadata();
      int cm = md.getColumnIndex("metric");
      int ck = md.getColumnIndex("kind");
      int cn = md.getColumnIndex("name");
      int ch = md.getColumnIndex("host");
      int ca = md.getColumnIndex("application");
      int ce = md.getColumnIndex("environment");
      int cg = md.getColumnIndex("grp");
      int cd = md.getColumnIndex("datacenter");
      int cv = md.getColumnIndex("value");
      for (List<MetricPoint> batch : batches) {
        for (MetricPoint p : batch) {
          Subject s = p.subject();
          TableWriter.Row r = w.newRow(p.at().getEpochSecond() * 1_000_000L + p.at().getNano() / 1_000);
          r.putSym(cm, p.metric().wireName());
          r.putSym(ck, s.kind().name());
          r.putSym(cn, s.name());
          r.putSym(ch, s.host());
          if (s.application() != null) {
            r.putSym(ca, s.application());
            r.putSym(ce, s.environment());
            r.putSym(cg, s.group());
          }
          r.putSym(cd, s.datacenter());
          r.putDouble(cv, p.value());
          r.append();
        }
        w.commit();
      }
    }
  }

  // ------------------------------------------------------------------ (b) hourly max

  private static void query(QuestDbMetricsStore store, int containers, int rounds) throws Exception {
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
    Instant from = to.minus(Duration.ofHours(24));
    // 24 h of CPU for every container, a point every 5 minutes (the rollup keeps one row per hour)
    long t0 = System.nanoTime();
    List<MetricPoint> batch = new ArrayList<>(containers);
    long loaded = 0;
    for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(5))) {
      batch.clear();
      for (int c = 0; c < containers; c++) {
        String host = "q-h" + (c / 100);
        batch.add(new MetricPoint(t, Subject.container("q-app" + (c % 50) + "-prod-web-" + c, host, "q-app" + (c % 50),
            "prod", "web").inDatacenter("dc-bench"), Metric.CPU, (c * 7 + t.getEpochSecond() / 300) % 400));
      }
      store.write(batch);
      loaded += batch.size();
    }
    store.awaitApplied(Duration.ofMinutes(10));
    double loadS = (System.nanoTime() - t0) / 1e9;
    Selector all = new Selector(org.elasticcloud.core.metrics.SubjectKind.CONTAINER, null, null, null, null, null, null);
    String sql = "SELECT ts, kind, name, host, application, environment, grp, datacenter, max FROM "
        + "ecloud_points_hourly_max WHERE metric = 'cpu' AND kind = 'CONTAINER' AND ts >= "
        + from.toEpochMilli() * 1000 + " AND ts < " + to.toEpochMilli() * 1000;
    int queryRounds = rounds * 3; // short: more rounds against the noise of a shared machine
    double[] port = new double[queryRounds];
    double[] raw = new double[queryRounds];
    long rows = 0;
    long portRows = 0;
    for (int round = -1; round < queryRounds; round++) {
      boolean rawFirst = round % 2 == 0;
      for (int leg = 0; leg < 2; leg++) {
        boolean doRaw = (leg == 0) == rawFirst;
        long s = System.nanoTime();
        if (doRaw) {
          rows = rawRollup(store.engine(), sql);
        } else {
          List<HourlyMax> result = store.hourlyMax(Metric.CPU, all, from, to);
          portRows = result.size();
        }
        double ms = (System.nanoTime() - s) / 1e6;
        if (round >= 0) {
          (doRaw ? raw : port)[round] = ms;
        }
      }
    }
    if (rows != portRows || rows != 24L * containers) {
      throw new IllegalStateException("rows differ: raw " + rows + ", port " + portRows + ", expected " + 24L * containers);
    }
    System.out.printf(Locale.ROOT, "%n(b) hourly max of CPU over 24 h for %d containers (%d rows; data: %d points "
        + "loaded through the port and rolled up in %.1f s), %d rounds%n", containers, rows, loaded, loadS, queryRounds);
    System.out.printf(Locale.ROOT, "%-52s %10s %8s %10s%n", "", "median ms", "ratio", "best ms");
    System.out.printf(Locale.ROOT, "%-52s %10.1f %7.2fx %10.1f%n", "raw: SQL on the rollup view, every column read",
        median(raw), 1.0, Arrays.stream(raw).min().orElseThrow());
    System.out.printf(Locale.ROOT, "%-52s %10.1f %7.2fx %10.1f%n", "port: MetricsStore.hourlyMax (a list of HourlyMax)",
        median(port), median(port) / median(raw), Arrays.stream(port).min().orElseThrow());
  }

  private static long rawRollup(CairoEngine engine, String sql) throws Exception {
    long n = 0;
    double sink = 0;
    try (SqlExecutionContextImpl ctx = new SqlExecutionContextImpl(engine, 1)
        .with(AllowAllSecurityContext.INSTANCE, new BindVariableServiceImpl(engine.getConfiguration()));
        RecordCursorFactory f = engine.select(sql, ctx); RecordCursor c = f.getCursor(ctx)) {
      Record r = c.getRecord();
      while (c.hasNext()) {
        sink += r.getTimestamp(0) + r.getDouble(8);
        for (int i = 1; i <= 7; i++) {
          CharSequence cs = r.getSymA(i);
          sink += cs == null ? 0 : cs.length();
        }
        n++;
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return n;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
