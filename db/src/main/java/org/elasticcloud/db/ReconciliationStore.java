package org.elasticcloud.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.elasticcloud.core.reconcile.Drift;
import org.elasticcloud.core.reconcile.DriftItem;
import org.elasticcloud.core.reconcile.DriftKind;
import org.elasticcloud.core.reconcile.RepairAction;
import org.elasticcloud.core.reconcile.RepairOutcome;
import org.elasticcloud.core.reconcile.ResourceType;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reconciliation reports and their items (ADR 0010). A report's id is the id of the process
 * instance that made it, so every step of that process finds it again, and a retried step
 * overwrites what it wrote before instead of writing it twice.
 */
public class ReconciliationStore {
  /** DETECTED: items written; REPAIRED: repairs tried; RECORDED: finished. */
  public enum State { DETECTED, REPAIRED, RECORDED }

  /** A report and how many items it holds of each kind and outcome (every enum value present). */
  public record Report(String id, String trigger, State state, boolean repairEnabled, Instant startedAt,
      Instant finishedAt, Map<DriftKind, Integer> counts, Map<RepairOutcome, Integer> outcomes) {
  }

  /** A stored item: its number within the report, the finding, and what became of its repair. */
  public record Item(int number, DriftItem item, RepairOutcome outcome, String outcomeDetail) {
  }

  private static final int TEXT = 1000;
  private static final RowMapper<Item> ITEM = (rs, i) -> new Item(rs.getInt("item_no"), new DriftItem(
      DriftKind.valueOf(rs.getString("kind")), ResourceType.valueOf(rs.getString("resource_type")),
      rs.getString("application"), rs.getString("resource_scope"), rs.getString("host_name"),
      rs.getString("resource_name"), rs.getString("expected"), rs.getString("actual"), rs.getString("detail"),
      RepairAction.valueOf(rs.getString("repair_action"))), RepairOutcome.valueOf(rs.getString("repair_outcome")),
      rs.getString("outcome_detail"));

  private final JdbcClient jdbc;

  public ReconciliationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores what detection found as report {@code id} (state DETECTED, every item NOT_ATTEMPTED);
   * storing the same id again replaces its items.
   */
  public void saveDetected(String id, String trigger, boolean repairEnabled, Drift drift) {
    Optional<Long> existing = seq(id);
    long seq;
    if (existing.isPresent()) {
      seq = existing.get();
      jdbc.sql("DELETE FROM reconciliation_item WHERE report_seq = :s").param("s", seq).update();
      jdbc.sql("UPDATE reconciliation SET trigger_source = :t, state = :st, repair_enabled = :r, finished_at = NULL "
          + "WHERE seq = :s").param("t", trigger).param("st", State.DETECTED.name()).param("r", repairEnabled)
          .param("s", seq).update();
    } else {
      jdbc.sql("INSERT INTO reconciliation (id, trigger_source, state, repair_enabled) VALUES (:id, :t, :st, :r)")
          .param("id", id).param("t", trigger).param("st", State.DETECTED.name()).param("r", repairEnabled).update();
      seq = seq(id).orElseThrow();
    }
    int n = 0;
    for (DriftItem i : drift.items()) {
      jdbc.sql("INSERT INTO reconciliation_item (report_seq, item_no, kind, resource_type, resource_key, application, "
          + "resource_scope, host_name, resource_name, expected, actual, detail, repair_action, repair_outcome) "
          + "VALUES (:s, :n, :k, :t, :key, :app, :scope, :host, :name, :exp, :act, :det, :action, :outcome)")
          .param("s", seq).param("n", ++n).param("k", i.kind().name()).param("t", i.type().name())
          .param("key", cut(i.key(), 700)).param("app", cut(i.application(), 255)).param("scope", cut(i.scope(), 255))
          .param("host", cut(i.host(), 63)).param("name", cut(i.name(), 255)).param("exp", cut(i.expected(), TEXT))
          .param("act", cut(i.actual(), TEXT)).param("det", cut(i.detail(), TEXT)).param("action", i.action().name())
          .param("outcome", RepairOutcome.NOT_ATTEMPTED.name()).update();
    }
  }

  public Optional<Report> find(String id) {
    return seq(id).map(this::report);
  }

  /** The newest report, whatever its state. */
  public Optional<Report> latest() {
    return jdbc.sql("SELECT seq FROM reconciliation ORDER BY seq DESC LIMIT 1").query(Long.class).optional()
        .map(this::report);
  }

  /** The report's items in their order (kind, type, application, scope, host, name). */
  public List<Item> items(String id) {
    return seq(id).map(s -> jdbc.sql("SELECT * FROM reconciliation_item WHERE report_seq = :s ORDER BY item_no")
        .param("s", s).query(ITEM).list()).orElse(List.of());
  }

  /** Records what became of item {@code number}'s repair. */
  public void saveOutcome(String id, int number, RepairOutcome outcome, String detail) {
    long s = seq(id).orElseThrow(() -> new IllegalStateException("ECP-RECON-007 no report " + id));
    jdbc.sql("UPDATE reconciliation_item SET repair_outcome = :o, outcome_detail = :d WHERE report_seq = :s AND item_no = :n")
        .param("o", outcome.name()).param("d", cut(detail, TEXT)).param("s", s).param("n", number).update();
  }

  public void setState(String id, State state) {
    jdbc.sql("UPDATE reconciliation SET state = :st WHERE id = :id").param("st", state.name()).param("id", id).update();
  }

  /** The report is complete: RECORDED, with its finishing time. */
  public void finish(String id) {
    jdbc.sql("UPDATE reconciliation SET state = :st, finished_at = CURRENT_TIMESTAMP WHERE id = :id")
        .param("st", State.RECORDED.name()).param("id", id).update();
  }

  /**
   * The keys of the orphans of each of the {@code reports} RECORDED reports made before report
   * {@code id}, newest first (fewer when there were fewer).
   */
  public List<Set<String>> orphanKeysBefore(String id, int reports) {
    if (reports <= 0) {
      return List.of();
    }
    long before = seq(id).orElse(Long.MAX_VALUE);
    List<Long> seqs = jdbc.sql("SELECT seq FROM reconciliation WHERE state = :st AND seq < :s ORDER BY seq DESC LIMIT :n")
        .param("st", State.RECORDED.name()).param("s", before).param("n", reports).query(Long.class).list();
    List<Set<String>> out = new ArrayList<>();
    for (long s : seqs) {
      out.add(new HashSet<>(jdbc.sql("SELECT resource_key FROM reconciliation_item WHERE report_seq = :s AND kind = :k")
          .param("s", s).param("k", DriftKind.ORPHAN.name()).query(String.class).list()));
    }
    return out;
  }

  /** Deletes all but the newest {@code reports} reports; returns how many went. */
  public int keepLatest(int reports) {
    Optional<Long> cutoff = jdbc.sql("SELECT seq FROM reconciliation ORDER BY seq DESC LIMIT 1 OFFSET :n")
        .param("n", Math.max(0, reports)).query(Long.class).optional();
    if (cutoff.isEmpty()) {
      return 0;
    }
    jdbc.sql("DELETE FROM reconciliation_item WHERE report_seq <= :s").param("s", cutoff.get()).update();
    return jdbc.sql("DELETE FROM reconciliation WHERE seq <= :s").param("s", cutoff.get()).update();
  }

  private Optional<Long> seq(String id) {
    return jdbc.sql("SELECT seq FROM reconciliation WHERE id = :id").param("id", id).query(Long.class).optional();
  }

  private Report report(long seq) {
    Map<DriftKind, Integer> counts = new EnumMap<>(DriftKind.class);
    for (DriftKind k : DriftKind.values()) {
      counts.put(k, 0);
    }
    Map<RepairOutcome, Integer> outcomes = new EnumMap<>(RepairOutcome.class);
    for (RepairOutcome o : RepairOutcome.values()) {
      outcomes.put(o, 0);
    }
    jdbc.sql("SELECT kind, repair_outcome, COUNT(*) AS n FROM reconciliation_item WHERE report_seq = :s "
        + "GROUP BY kind, repair_outcome").param("s", seq).query((ResultSet rs) -> {
          counts.merge(DriftKind.valueOf(rs.getString("kind")), rs.getInt("n"), Integer::sum);
          outcomes.merge(RepairOutcome.valueOf(rs.getString("repair_outcome")), rs.getInt("n"), Integer::sum);
        });
    return jdbc.sql("SELECT * FROM reconciliation WHERE seq = :s").param("s", seq)
        .query((rs, i) -> new Report(rs.getString("id"), rs.getString("trigger_source"), State.valueOf(rs.getString("state")),
            rs.getBoolean("repair_enabled"), instant(rs, "started_at"), instant(rs, "finished_at"), counts, outcomes))
        .single();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
