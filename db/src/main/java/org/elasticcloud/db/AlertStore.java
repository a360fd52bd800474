package org.elasticcloud.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.core.alerts.AlertPolicy;
import org.elasticcloud.core.alerts.AlertState;
import org.elasticcloud.core.alerts.QuietHours;
import org.elasticcloud.core.alerts.Recipients;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Alert policies, alerts and the notification log (ADR 0013). Times come from the caller (its
 * clock), never from the database. Writes run inside the caller's transaction (a process job, the
 * evaluator's round).
 */
public class AlertStore {

  /** A stored alert. {@code key} is its business key, {@code alert:<app>:<policy>:<subject>}. */
  public record Alert(long id, long policyId, String application, String policy, String subject, String key,
      AlertState state, String severity, String summary, Double value, Instant pendingSince, Instant firedAt,
      Instant notifiedAt, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt, String resolution,
      String processInstanceId) {
  }

  /**
   * What became of a notification: sent; held by quiet hours (a first notification, sent when they
   * end); skipped (an escalation inside quiet hours); left out by the rate limit; dropped (held,
   * and the alert resolved before the quiet hours ended).
   */
  public enum Outcome { SENT, HELD, SKIPPED, RATE_LIMITED, DROPPED }

  /** One line of the notification log. */
  public record Notification(long id, long alertId, String application, String kind, String channel,
      String recipient, Outcome outcome, String alertIds, String subject, String detail, Instant at) {
  }

  private final JdbcClient jdbc;

  public AlertStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The business key of an alert: {@code alert:<application>:<policy>:<subject>}. */
  public static String key(String application, String policy, String subject) {
    return "alert:" + application + ":" + policy + ":" + subject;
  }

  // ---- policies

  /** Stores a new policy of the application {@code applicationId}; returns it with its id. */
  public AlertPolicy insertPolicy(long applicationId, AlertPolicy p) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO alert_policy (application_id, name, metric, scope, aggregation, environment, group_name,"
        + " datacenter, comparator, threshold, hold_period, clear_after, severity, channels, recipients,"
        + " escalation_after, escalation_recipients, quiet_start, quiet_end, quiet_zone, enabled) VALUES (:app, :name,"
        + " :metric, :scope, :agg, :env, :grp, :dc, :cmp, :thr, :hold, :clear, :sev, :ch, :rcp, :esc, :escr, :qs, :qe,"
        + " :qz, :en)").params(policyParams(p)).param("app", applicationId).update(keys, "id");
    return p.withId(keys.getKey().longValue());
  }

  /** Replaces a policy's definition (its id and application stay); false when there is none. */
  public boolean updatePolicy(AlertPolicy p) {
    return jdbc.sql("UPDATE alert_policy SET name = :name, metric = :metric, scope = :scope, aggregation = :agg,"
        + " environment = :env, group_name = :grp, datacenter = :dc, comparator = :cmp, threshold = :thr,"
        + " hold_period = :hold, clear_after = :clear, severity = :sev, channels = :ch, recipients = :rcp,"
        + " escalation_after = :esc, escalation_recipients = :escr, quiet_start = :qs, quiet_end = :qe,"
        + " quiet_zone = :qz, enabled = :en WHERE id = :id").params(policyParams(p)).param("id", p.id()).update() > 0;
  }

  public boolean deletePolicy(long id) {
    return jdbc.sql("DELETE FROM alert_policy WHERE id = :id").param("id", id).update() > 0;
  }

  public Optional<AlertPolicy> findPolicy(long id) {
    return jdbc.sql(POLICY_SELECT + " WHERE p.id = :id").param("id", id).query(POLICY).optional();
  }

  /** The policies of one application, by id. */
  public List<AlertPolicy> policiesOf(long applicationId) {
    return jdbc.sql(POLICY_SELECT + " WHERE p.application_id = :a ORDER BY p.id").param("a", applicationId)
        .query(POLICY).list();
  }

  /** Every enabled policy, by id: what the evaluator evaluates. */
  public List<AlertPolicy> enabledPolicies() {
    return jdbc.sql(POLICY_SELECT + " WHERE p.enabled = TRUE ORDER BY p.id").query(POLICY).list();
  }

  private static final String POLICY_SELECT = "SELECT p.*, a.name AS application_name FROM alert_policy p"
      + " JOIN application a ON a.id = p.application_id";

  private static Map<String, Object> policyParams(AlertPolicy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("metric", p.metric());
    m.put("scope", p.scope());
    m.put("agg", p.aggregation());
    m.put("env", p.environment());
    m.put("grp", p.group());
    m.put("dc", p.datacenter());
    m.put("cmp", p.comparator());
    m.put("thr", p.threshold());
    m.put("hold", p.hold().toString());
    m.put("clear", p.clearAfter() == null ? null : p.clearAfter().toString());
    m.put("sev", p.severity());
    m.put("ch", String.join(",", p.channels()));
    m.put("rcp", recipientsText(p.recipients()));
    m.put("esc", p.escalationAfter() == null ? null : p.escalationAfter().toString());
    m.put("escr", p.escalationRecipients() == null ? null : recipientsText(p.escalationRecipients()));
    QuietHours q = p.quietHours();
    m.put("qs", q == null ? null : q.start().toString());
    m.put("qe", q == null ? null : q.end().toString());
    m.put("qz", q == null ? null : q.zone());
    m.put("en", p.enabled());
    return m;
  }

  static String recipientsText(Recipients r) {
    List<String> lines = new ArrayList<>();
    if (r.owner()) {
      lines.add("owner");
    }
    if (r.department()) {
      lines.add("department");
    }
    r.emails().forEach(e -> lines.add("email:" + e));
    r.phones().forEach(p -> lines.add("phone:" + p));
    return String.join("\n", lines);
  }

  static Recipients recipientsOf(String text) {
    if (text == null) {
      return null;
    }
    boolean owner = false;
    boolean department = false;
    List<String> emails = new ArrayList<>();
    List<String> phones = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.equals("owner")) {
        owner = true;
      } else if (line.equals("department")) {
        department = true;
      } else if (line.startsWith("email:")) {
        emails.add(line.substring(6));
      } else if (line.startsWith("phone:")) {
        phones.add(line.substring(6));
      }
    }
    return new Recipients(owner, department, emails, phones);
  }

  private static final RowMapper<AlertPolicy> POLICY = (rs, i) -> new AlertPolicy(rs.getLong("id"),
      rs.getString("application_name"), rs.getString("name"), rs.getString("metric"), rs.getString("scope"),
      rs.getString("aggregation"), rs.getString("environment"), rs.getString("group_name"), rs.getString("datacenter"),
      rs.getString("comparator"), rs.getDouble("threshold"), duration(rs.getString("hold_period")),
      duration(rs.getString("clear_after")), rs.getString("severity"),
      Arrays.stream(rs.getString("channels").split(",")).filter(s -> !s.isEmpty()).toList(),
      recipientsOf(rs.getString("recipients")), duration(rs.getString("escalation_after")),
      recipientsOf(rs.getString("escalation_recipients")), quietHours(rs), rs.getBoolean("enabled"));

  private static Duration duration(String s) {
    return s == null ? null : Duration.parse(s);
  }

  private static QuietHours quietHours(ResultSet rs) throws SQLException {
    String start = rs.getString("quiet_start");
    return start == null ? null : new QuietHours(LocalTime.parse(start), LocalTime.parse(rs.getString("quiet_end")),
        rs.getString("quiet_zone"));
  }

  // ---- alerts

  /** The policy's alerts that are not resolved (pending, firing, acknowledged), by subject. */
  public Map<String, Alert> openAlerts(long policyId) {
    Map<String, Alert> out = new LinkedHashMap<>();
    jdbc.sql("SELECT * FROM alert WHERE policy_id = :p AND open_key IS NOT NULL ORDER BY id").param("p", policyId)
        .query(ALERT).list().forEach(a -> out.put(a.subject(), a));
    return out;
  }

  /** Records a pending alert; returns its id. */
  public long recordPending(AlertPolicy p, String subject, String summary, Double value, Instant since) {
    String key = key(p.application(), p.name(), subject);
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO alert (policy_id, application, policy_name, subject, alert_key, open_key, state, severity,"
        + " summary, last_value, pending_since) VALUES (:p, :app, :name, :s, :k, :k, :st, :sev, :sum, :v, :t)")
        .param("p", p.id()).param("app", p.application()).param("name", p.name()).param("s", subject)
        .param("k", key).param("st", AlertState.PENDING.name()).param("sev", p.severity()).param("sum", cut(summary, 1000))
        .param("v", value).param("t", ts(since)).update(keys, "id");
    return keys.getKey().longValue();
  }

  /** Forgets a pending alert whose condition stopped holding. */
  public void cancelPending(long alertId) {
    jdbc.sql("DELETE FROM alert WHERE id = :id AND state = :st").param("id", alertId)
        .param("st", AlertState.PENDING.name()).update();
  }

  /** Makes the key's pending alert firing, or records a new firing one; returns its id. */
  public long recordFiring(AlertPolicy p, String subject, String summary, Double value, Instant at) {
    String key = key(p.application(), p.name(), subject);
    Optional<Alert> pending = jdbc.sql("SELECT * FROM alert WHERE open_key = :k").param("k", key).query(ALERT).optional();
    long id = pending.map(Alert::id).orElseGet(() -> recordPending(p, subject, summary, value, at));
    jdbc.sql("UPDATE alert SET state = :st, fired_at = :t, summary = :sum, last_value = :v, severity = :sev"
        + " WHERE id = :id").param("st", AlertState.FIRING.name()).param("t", ts(at)).param("sum", cut(summary, 1000))
        .param("v", value).param("sev", p.severity()).param("id", id).update();
    return id;
  }

  public void setProcessInstance(long alertId, String processInstanceId) {
    jdbc.sql("UPDATE alert SET process_instance_id = :pi WHERE id = :id").param("pi", processInstanceId)
        .param("id", alertId).update();
  }

  /** Records the acknowledgement of a firing alert (idempotent). */
  public void markAcknowledged(long alertId, String by, Instant at) {
    jdbc.sql("UPDATE alert SET state = :st, acknowledged_at = :t, acknowledged_by = :by WHERE id = :id AND state = :f")
        .param("st", AlertState.ACKNOWLEDGED.name()).param("t", ts(at)).param("by", by).param("id", alertId)
        .param("f", AlertState.FIRING.name()).update();
  }

  /** Records that an alert resolved (idempotent); its key is free for a new alert. */
  public void markResolved(long alertId, String resolution, Instant at) {
    jdbc.sql("UPDATE alert SET state = :st, resolved_at = :t, resolution = :r, open_key = NULL"
        + " WHERE id = :id AND state <> :st").param("st", AlertState.RESOLVED.name()).param("t", ts(at))
        .param("r", cut(resolution, 255)).param("id", alertId).update();
  }

  /** Marks alerts as notified (covered by a notification); only those not notified yet. */
  public void markNotified(Collection<Long> alertIds, Instant at) {
    for (Long id : alertIds) {
      jdbc.sql("UPDATE alert SET notified_at = :t WHERE id = :id AND notified_at IS NULL").param("t", ts(at))
          .param("id", id).update();
    }
  }

  public Optional<Alert> find(long alertId) {
    return jdbc.sql("SELECT * FROM alert WHERE id = :id").param("id", alertId).query(ALERT).optional();
  }

  /** Firing or acknowledged alerts of an application that no notification covered yet, oldest first. */
  public List<Alert> unnotified(String application) {
    return jdbc.sql("SELECT * FROM alert WHERE application = :a AND state IN ('FIRING', 'ACKNOWLEDGED')"
        + " AND notified_at IS NULL ORDER BY fired_at, id").param("a", application).query(ALERT).list();
  }

  /** Alerts in a state (null: every state), newest first, at most {@code limit}. */
  public List<Alert> list(AlertState state, String application, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM alert WHERE 1 = 1");
    Map<String, Object> params = new LinkedHashMap<>();
    if (state != null) {
      sql.append(" AND state = :st");
      params.put("st", state.name());
    }
    if (application != null) {
      sql.append(" AND application = :a");
      params.put("a", application);
    }
    sql.append(" ORDER BY id DESC");
    return jdbc.sql(sql.toString()).params(params).query(ALERT).list().stream().limit(limit).toList();
  }

  /** Every open (pending, firing, acknowledged) alert of a policy: what deleting or disabling it resolves. */
  public List<Alert> openOfPolicy(long policyId) {
    return new ArrayList<>(openAlerts(policyId).values());
  }

  private static final RowMapper<Alert> ALERT = (rs, i) -> new Alert(rs.getLong("id"), rs.getLong("policy_id"),
      rs.getString("application"), rs.getString("policy_name"), rs.getString("subject"), rs.getString("alert_key"),
      AlertState.valueOf(rs.getString("state")), rs.getString("severity"), rs.getString("summary"),
      (Double) rs.getObject("last_value", Double.class), instant(rs, "pending_since"), instant(rs, "fired_at"),
      instant(rs, "notified_at"), instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
      instant(rs, "resolved_at"), rs.getString("resolution"), rs.getString("process_instance_id"));

  /**
   * Locks the application's notifications until the caller's transaction ends: notify steps of one
   * application's alerts run one after the other, and each sees what the one before marked as
   * notified. Without a surrounding transaction it locks nothing.
   */
  public void lockNotifications(String application) {
    if (lockRow(application)) {
      return;
    }
    try {
      jdbc.sql("INSERT INTO alert_notify_lock (application) VALUES (:a)").param("a", application).update();
    } catch (org.springframework.dao.DuplicateKeyException e) {
      // another step inserted it first: lock it below
    }
    lockRow(application);
  }

  private boolean lockRow(String application) {
    return !jdbc.sql("SELECT application FROM alert_notify_lock WHERE application = :a FOR UPDATE")
        .param("a", application).query(String.class).list().isEmpty();
  }

  // ---- notification log

  /** Logs one notification (or its absence). */
  public void log(long alertId, String application, String kind, String channel, String recipient, Outcome outcome,
      Collection<Long> alertIds, String subject, String detail, Instant at) {
    jdbc.sql("INSERT INTO alert_notification (alert_id, application, kind, channel, recipient, outcome, alert_ids,"
        + " subject, detail, created_at) VALUES (:a, :app, :k, :c, :r, :o, :ids, :s, :d, :t)")
        .param("a", alertId).param("app", application).param("k", kind).param("c", channel).param("r", recipient)
        .param("o", outcome.name()).param("ids", alertIds == null ? null : cut(alertIds.toString(), 1000))
        .param("s", cut(subject, 255)).param("d", cut(detail, 255)).param("t", ts(at)).update();
  }

  /** How many messages went to {@code recipient} (on {@code channel}) since {@code since}. */
  public int sentSince(String channel, String recipient, Instant since) {
    return jdbc.sql("SELECT COUNT(*) FROM alert_notification WHERE channel = :c AND recipient = :r AND outcome = 'SENT'"
        + " AND created_at >= :t").param("c", channel).param("r", recipient).param("t", ts(since))
        .query(Integer.class).single();
  }

  /** The notification log of an alert: what its own steps did, and what listed it. */
  public List<Notification> notifications(long alertId) {
    return jdbc.sql("SELECT * FROM alert_notification WHERE alert_id = :a OR alert_ids LIKE :like ORDER BY id")
        .param("a", alertId).param("like", "%" + alertId + "%").query(NOTIFICATION).list().stream()
        .filter(n -> n.alertId() == alertId || listed(n.alertIds(), alertId)).toList();
  }

  private static boolean listed(String ids, long alertId) {
    if (ids == null) {
      return false;
    }
    return Arrays.stream(ids.replaceAll("[\\[\\]\\s]", "").split(",")).anyMatch(s -> s.equals(String.valueOf(alertId)));
  }

  private static final RowMapper<Notification> NOTIFICATION = (rs, i) -> new Notification(rs.getLong("id"),
      rs.getLong("alert_id"), rs.getString("application"), rs.getString("kind"), rs.getString("channel"),
      rs.getString("recipient"), Outcome.valueOf(rs.getString("outcome")), rs.getString("alert_ids"),
      rs.getString("subject"), rs.getString("detail"), instant(rs, "created_at"));

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
