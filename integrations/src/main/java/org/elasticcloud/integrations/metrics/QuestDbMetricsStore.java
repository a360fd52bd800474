package org.elasticcloud.integrations.metrics;

import io.questdb.Bootstrap;
import io.questdb.PropBootstrapConfiguration;
import io.questdb.ServerMain;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.CairoException;
import io.questdb.cairo.ColumnType;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.cairo.wal.WalWriter;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.core.port.MetricsStore;

/**
 * The metrics store on an embedded QuestDB (ADR 0012): QuestDB's server runs inside the platform's
 * JVM with every network endpoint off (no HTTP, PostgreSQL wire or line-protocol port), only its
 * worker pools, which apply the write-ahead log and refresh the materialized view.
 *
 * <ul>
 *   <li>{@value #POINTS}: one row per point, a WAL table partitioned by day, deduplicated on
 *       (ts, metric, kind, name, host): a point at the same instant replaces the earlier;</li>
 *   <li>{@value #HOURLY}: a materialized view {@code SAMPLE BY 1h} keeping each subject's hourly
 *       maximum, refreshed incrementally by QuestDB after every applied write; {@link #hourlyMax}
 *       reads only this rollup.</li>
 * </ul>
 * Writes go through QuestDB's own {@link WalWriter} in-process (no protocol, no parsing); queries
 * are SQL with bind variables. Reads see a write once QuestDB has applied it (tens of
 * milliseconds; {@link #awaitApplied} waits for it).
 */
public final class QuestDbMetricsStore implements MetricsStore, AutoCloseable {
  static final String POINTS = "ecloud_points";
  static final String HOURLY = "ecloud_points_hourly_max";
  private static final String SUBJECT_COLUMNS = "kind, name, host, application, environment, grp, datacenter";

  /**
   * Where and how: {@code dir} holds the database (created if missing), {@code workers} QuestDB's
   * shared worker threads, the retentions drop whole day partitions older than that (raw points,
   * hourly rollup).
   */
  public record Settings(Path dir, int workers, Duration pointRetention, Duration rollupRetention) {
    public Settings {
      Objects.requireNonNull(dir, "dir");
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1");
      }
      if (pointRetention.toDays() < 1 || rollupRetention.toDays() < 1) {
        throw new IllegalArgumentException("retentions are whole days, at least one");
      }
    }

    public static Settings in(Path dir) {
      return new Settings(dir, 2, Duration.ofDays(30), Duration.ofDays(400));
    }
  }

  private final ServerMain server;
  private final CairoEngine engine;
  private final TableToken points;
  private final int cMetric;
  private final int cKind;
  private final int cName;
  private final int cHost;
  private final int cApplication;
  private final int cEnvironment;
  private final int cGroup;
  private final int cDatacenter;
  private final int cValue;

  private QuestDbMetricsStore(Settings settings) {
    Path root = settings.dir().toAbsolutePath();
    prepareRoot(root);
    Map<String, String> env = new HashMap<>();
    for (String off : List.of("http.enabled", "http.min.enabled", "pg.enabled", "line.tcp.enabled",
        "line.udp.enabled", "telemetry.enabled", "metrics.enabled")) {
      env.put(ServerMain.propertyPathToEnvVarName(off), "false");
    }
    env.put(ServerMain.propertyPathToEnvVarName("shared.worker.count"), Integer.toString(settings.workers()));
    PropBootstrapConfiguration bootstrap = new PropBootstrapConfiguration() {
      @Override
      public Map<String, String> getEnv() {
        return env; // only ours: QDB_* variables of the platform's environment do not leak in
      }

      @Override
      public boolean useSite() {
        return false; // no web console files
      }
    };
    // -n: QuestDB leaves the JVM's signal handlers alone
    ServerMain s = new ServerMain(new Bootstrap(bootstrap, "-d", root.toString(), "-n"));
    try {
      s.start(false);
      engine = s.getEngine();
      execute("CREATE TABLE IF NOT EXISTS " + POINTS + " (ts TIMESTAMP, metric SYMBOL, kind SYMBOL, "
          + "name SYMBOL CAPACITY 16384, host SYMBOL, application SYMBOL, environment SYMBOL, grp SYMBOL, "
          + "datacenter SYMBOL, value DOUBLE) TIMESTAMP(ts) PARTITION BY DAY TTL "
          + settings.pointRetention().toDays() + " DAYS WAL DEDUP UPSERT KEYS(ts, metric, kind, name, host)");
      execute("CREATE MATERIALIZED VIEW IF NOT EXISTS " + HOURLY + " AS (SELECT ts, metric, "
          + SUBJECT_COLUMNS + ", max(value) AS max FROM " + POINTS + " SAMPLE BY 1h) PARTITION BY DAY TTL "
          + settings.rollupRetention().toDays() + " DAYS");
      points = engine.verifyTableName(POINTS);
      try (WalWriter w = engine.getWalWriter(points)) {
        var md = w.getMetadata();
        cMetric = md.getColumnIndex("metric");
        cKind = md.getColumnIndex("kind");
        cName = md.getColumnIndex("name");
        cHost = md.getColumnIndex("host");
        cApplication = md.getColumnIndex("application");
        cEnvironment = md.getColumnIndex("environment");
        cGroup = md.getColumnIndex("grp");
        cDatacenter = md.getColumnIndex("datacenter");
        cValue = md.getColumnIndex("value");
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    server = s;
  }

  /** Starts the embedded store in {@code settings.dir()} (about 2-3 s), creating its tables when new. */
  public static QuestDbMetricsStore open(Settings settings) {
    return new QuestDbMetricsStore(settings);
  }

  private static void prepareRoot(Path root) {
    try {
      Files.createDirectories(root.resolve("conf"));
      Path logConf = root.resolve("conf/log.conf");
      if (!Files.exists(logConf)) {
        // QuestDB logs to files of its own under <dir>/log, not to the platform's console
        Files.writeString(logConf, String.join("\n",
            "writers=file",
            "w.file.class=io.questdb.log.LogRollingFileWriter",
            "w.file.location=${log.dir}/questdb.log.${date:yyyyMMdd}",
            "w.file.level=INFO,ERROR,CRITICAL,ADVISORY",
            "w.file.rollEvery=day",
            "w.file.rollSize=64m",
            "w.file.lifeDuration=7d",
            "w.file.sizeLimit=256m", ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the metrics store's directory " + root, e);
    }
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void write(List<MetricPoint> batch) {
    if (batch.isEmpty()) {
      return;
    }
    for (MetricPoint p : batch) {
      check(p);
    }
    try (WalWriter w = engine.getWalWriter(points)) {
      for (MetricPoint p : batch) {
        Subject s = p.subject();
        TableWriter.Row r = w.newRow(micros(p.at()));
        r.putSym(cMetric, p.metric().wireName());
        r.putSym(cKind, s.kind().name());
        r.putSym(cName, s.name());
        putSymbol(r, cHost, s.host());
        putSymbol(r, cApplication, s.application());
        putSymbol(r, cEnvironment, s.environment());
        putSymbol(r, cGroup, s.group());
        putSymbol(r, cDatacenter, s.datacenter());
        r.putDouble(cValue, p.value());
        r.append();
      }
      w.commit();
    } catch (CairoException e) {
      throw new IllegalStateException("the metrics store refused a write: " + e.getFlyweightMessage(), e);
    }
  }

  private static void putSymbol(TableWriter.Row r, int column, String value) {
    if (value != null) {
      r.putSym(column, value);
    }
  }

  private static void check(MetricPoint p) {
    if (p == null || p.at() == null || p.metric() == null || p.subject() == null
        || p.subject().kind() == null || p.subject().name() == null) {
      throw new IllegalArgumentException("a point needs an instant, a metric and a subject with kind and name: " + p);
    }
  }

  static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  // ------------------------------------------------------------------ queries

  @Override
  public List<Series> query(SeriesQuery q) {
    if (q == null || q.metric() == null || q.aggregation() == null || q.per() == null) {
      throw new IllegalArgumentException("a query needs a metric, an aggregation and per");
    }
    checkRange(q.from(), q.to());
    if (q.step() == null || q.step().isNegative() || q.step().toMillis() < 1) {
      throw new IllegalArgumentException("step must be at least a millisecond: " + q.step());
    }
    long step = q.step().toMillis() * 1_000L;
    Sql sql = new Sql();
    String bucket = "(ts::long / " + sql.bind(step) + ") * " + sql.bind(step);
    String where = where(sql, q.metric(), q.selector(), q.from(), q.to());
    String agg = q.aggregation().name().toLowerCase();
    if (q.per() == Per.ALL) {
      String text = "SELECT b, " + agg + "(v) v FROM (SELECT " + bucket + " b, kind, name, host, avg(value) v FROM "
          + POINTS + where + " GROUP BY b, kind, name, host) GROUP BY b ORDER BY b";
      List<Sample> samples = new ArrayList<>();
      select(sql, text, r -> samples.add(new Sample(instant(r.getLong(0)), r.getDouble(1))));
      return samples.isEmpty() ? List.of() : List.of(new Series(null, samples));
    }
    String text = "SELECT " + bucket + " b, " + SUBJECT_COLUMNS + ", " + agg + "(value) v FROM " + POINTS + where
        + " GROUP BY b, " + SUBJECT_COLUMNS + " ORDER BY b";
    Map<Subject, List<Sample>> bySubject = new LinkedHashMap<>();
    select(sql, text, 1, (r, subjects) -> bySubject.computeIfAbsent(subjects.of(r), s -> new ArrayList<>())
        .add(new Sample(instant(r.getLong(0)), r.getDouble(8))));
    List<Series> out = new ArrayList<>();
    bySubject.forEach((s, samples) -> out.add(new Series(s, samples)));
    out.sort(BY_SUBJECT);
    return out;
  }

  @Override
  public List<HourlyMax> hourlyMax(Metric metric, Selector selector, Instant from, Instant to) {
    if (metric == null) {
      throw new IllegalArgumentException("a metric is needed");
    }
    checkRange(from, to);
    Sql sql = new Sql();
    // the view is in time order: no ORDER BY, and no sort here (10,000 containers over a day are 240,000 rows)
    String text = "SELECT ts, " + SUBJECT_COLUMNS + ", max FROM " + HOURLY
        + where(sql, metric, selector, from.truncatedTo(ChronoUnit.HOURS), to);
    List<HourlyMax> out = new ArrayList<>();
    select(sql, text, 1, (r, subjects) -> out.add(new HourlyMax(subjects.of(r), instant(r.getTimestamp(0)), r.getDouble(8))));
    return out;
  }

  private static final Comparator<Subject> SUBJECTS = Comparator.comparing((Subject s) -> s.kind().name())
      .thenComparing(Subject::name).thenComparing(Subject::host, Comparator.nullsFirst(Comparator.naturalOrder()));
  private static final Comparator<Series> BY_SUBJECT = Comparator.comparing(Series::subject, SUBJECTS);

  private static void checkRange(Instant from, Instant to) {
    if (from == null || to == null || !from.isBefore(to)) {
      throw new IllegalArgumentException("the range needs from before to: " + from + " .. " + to);
    }
  }

  private static String where(Sql sql, Metric metric, Selector sel, Instant from, Instant to) {
    StringBuilder w = new StringBuilder(" WHERE metric = ").append(sql.bind(metric.wireName()))
        .append(" AND ts >= ").append(sql.bindTimestamp(micros(from)))
        .append(" AND ts < ").append(sql.bindTimestamp(micros(to)));
    if (sel != null) {
      SubjectKind kind = sel.container() != null ? SubjectKind.CONTAINER : sel.kind();
      if (kind != null) {
        w.append(" AND kind = ").append(sql.bind(kind.name()));
      }
      if (sel.container() != null) {
        w.append(" AND name = ").append(sql.bind(sel.container()));
      }
      equal(w, sql, "host", sel.host());
      equal(w, sql, "application", sel.application());
      equal(w, sql, "environment", sel.environment());
      equal(w, sql, "grp", sel.group());
      equal(w, sql, "datacenter", sel.datacenter());
    }
    return w.toString();
  }

  private static void equal(StringBuilder w, Sql sql, String column, String value) {
    if (value != null) {
      w.append(" AND ").append(column).append(" = ").append(sql.bind(value));
    }
  }

  private static Subject subject(Record r, int first) {
    return new Subject(SubjectKind.valueOf(sym(r, first)), sym(r, first + 1), sym(r, first + 2), sym(r, first + 3),
        sym(r, first + 4), sym(r, first + 5), sym(r, first + 6));
  }

  /**
   * The subjects of one result, made once per subject: rows carry the seven symbol columns' keys
   * (ints), so a subject seen before is found by its keys without reading its strings. Falls back
   * to reading the strings when the result has no symbol tables for them.
   */
  private static final class Subjects {
    private static final int N = 7;
    private final int first;
    private final boolean byKey;
    private final Map<Long, Object[]> seen = new HashMap<>();
    private final int[] keys = new int[N];

    Subjects(RecordCursorFactory f, RecordCursor c, int first) {
      this.first = first;
      boolean symbols = true;
      for (int i = 0; i < N; i++) {
        symbols &= ColumnType.isSymbol(f.getMetadata().getColumnType(first + i)) && c.getSymbolTable(first + i) != null;
      }
      byKey = symbols;
    }

    Subject of(Record r) {
      if (!byKey) {
        return subject(r, first);
      }
      for (int i = 0; i < N; i++) {
        keys[i] = r.getInt(first + i);
      }
      long id = ((long) keys[1] << 32) | (keys[2] & 0xffffffffL); // name, host
      Object[] entry = seen.get(id);
      if (entry != null && java.util.Arrays.equals((int[]) entry[0], keys)) {
        return (Subject) entry[1];
      }
      Subject s = subject(r, first);
      if (entry == null) {
        seen.put(id, new Object[] {keys.clone(), s});
      }
      return s;
    }
  }

  private static String sym(Record r, int column) {
    CharSequence cs = r.getSymA(column);
    return cs == null ? null : cs.toString();
  }

  /** The bind variables of one statement, in order ($1, $2, …). */
  private static final class Sql {
    private final List<Object> values = new ArrayList<>();

    String bind(Object value) {
      values.add(value);
      return "$" + values.size();
    }

    String bindTimestamp(long micros) {
      values.add(new Micros(micros));
      return "$" + values.size();
    }

    void applyTo(BindVariableServiceImpl binds) throws SqlException {
      for (int i = 0; i < values.size(); i++) {
        Object v = values.get(i);
        if (v instanceof Micros m) {
          binds.setTimestamp(i, m.value());
        } else if (v instanceof Long l) {
          binds.setLong(i, l);
        } else {
          binds.setStr(i, (String) v);
        }
      }
    }
  }

  private record Micros(long value) {
  }

  private interface Rows {
    void row(Record r);
  }

  private interface SubjectRows {
    void row(Record r, Subjects subjects);
  }

  private SqlExecutionContextImpl context(BindVariableServiceImpl binds) {
    return new SqlExecutionContextImpl(engine, 1).with(AllowAllSecurityContext.INSTANCE, binds);
  }

  private void select(Sql sql, String text, int firstSubjectColumn, SubjectRows rows) {
    BindVariableServiceImpl binds = new BindVariableServiceImpl(engine.getConfiguration());
    try (SqlExecutionContextImpl ctx = context(binds)) {
      sql.applyTo(binds);
      try (RecordCursorFactory f = engine.select(text, ctx); RecordCursor c = f.getCursor(ctx)) {
        Subjects subjects = new Subjects(f, c, firstSubjectColumn);
        Record r = c.getRecord();
        while (c.hasNext()) {
          rows.row(r, subjects);
        }
      }
    } catch (SqlException | CairoException e) {
      throw new IllegalStateException("metrics query failed: " + e.getMessage() + " in " + text, e);
    }
  }

  private void select(Sql sql, String text, Rows rows) {
    BindVariableServiceImpl binds = new BindVariableServiceImpl(engine.getConfiguration());
    try (SqlExecutionContextImpl ctx = context(binds)) {
      sql.applyTo(binds);
      try (RecordCursorFactory f = engine.select(text, ctx); RecordCursor c = f.getCursor(ctx)) {
        Record r = c.getRecord();
        while (c.hasNext()) {
          rows.row(r);
        }
      }
    } catch (SqlException | CairoException e) {
      throw new IllegalStateException("metrics query failed: " + e.getMessage() + " in " + text, e);
    }
  }

  private void execute(String text) {
    BindVariableServiceImpl binds = new BindVariableServiceImpl(engine.getConfiguration());
    try (SqlExecutionContextImpl ctx = context(binds)) {
      engine.execute(text, ctx);
    } catch (SqlException | CairoException e) {
      throw new IllegalStateException("metrics store statement failed: " + e.getMessage() + " in " + text, e);
    }
  }

  // ------------------------------------------------------------------ visibility, lifecycle

  /**
   * Waits until every write committed so far is applied to the points table and rolled up into the
   * hourly view, or {@code timeout} passes ({@link IllegalStateException}). For tests and the
   * benchmarks; the platform itself never waits.
   */
  public void awaitApplied(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int settled = 0;
    while (settled < 2) {
      settled = walApplied() && viewRefreshed() && walApplied() ? settled + 1 : 0;
      if (settled < 2) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the metrics store did not apply its writes within " + timeout);
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  private boolean walApplied() {
    boolean[] ok = {true};
    select(new Sql(), "SELECT writerTxn, sequencerTxn, suspended FROM wal_tables()", r -> {
      if (r.getBool(2)) {
        throw new IllegalStateException("a metrics table is suspended (see the store's log)");
      }
      ok[0] &= r.getLong(0) >= r.getLong(1);
    });
    return ok[0];
  }

  private boolean viewRefreshed() {
    boolean[] ok = {true};
    select(new Sql(), "SELECT refresh_base_table_txn, base_table_txn, view_status FROM materialized_views()", r -> {
      if ("invalid".contentEquals(r.getStrA(2) == null ? "" : r.getStrA(2))) {
        throw new IllegalStateException("the hourly rollup is invalid (see the store's log)");
      }
      ok[0] &= r.getLong(0) >= r.getLong(1);
    });
    return ok[0];
  }

  /** The engine, for the benchmark's raw baseline only. */
  public CairoEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    server.close();
  }
}
