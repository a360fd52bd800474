package org.elasticcloud.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.elasticcloud.core.health.HealthReason;
import org.elasticcloud.core.inventory.HostState;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each host's health record (ADR 0014) and its event log. Every change of a host's state made for
 * its health is a compare-and-set on the host's row ({@code WHERE state = from}) done in one
 * transaction with its event and, for a declared failure, the increment of the host's epoch: two
 * nodes (the monitor and a report listener, or an operator) cannot both apply a transition, and
 * no transition is stored without its event.
 */
public class HostHealthStore {
  /**
   * A host's health record.
   *
   * @param epoch how many times the host was declared DOWN or FAULTY
   * @param fencedEpoch the epoch up to which its engine was fenced
   * @param agentSeenAt when an agent of the host was first seen (null: never: the host has none)
   */
  public record Health(long hostId, long epoch, long fencedEpoch, Instant agentSeenAt, Instant lastProbeAt,
      Boolean lastProbeOk, String lastProbeDetail) {
    /** Whether the engine was fenced since the host's last declared failure. */
    public boolean fenced() {
      return fencedEpoch >= epoch;
    }
  }

  /** One health event: a transition, or a fencing ({@code from == to}). */
  public record Event(long id, long hostId, Instant at, HostState from, HostState to, HealthReason reason, long epoch,
      String detail) {
  }

  private static final int TEXT = 1000;
  private static final RowMapper<Event> EVENT = (rs, i) -> new Event(rs.getLong("id"), rs.getLong("host_id"),
      instant(rs, "happened_at"), HostState.valueOf(rs.getString("from_state")),
      HostState.valueOf(rs.getString("to_state")), HealthReason.valueOf(rs.getString("reason")), rs.getLong("epoch"),
      rs.getString("detail"));

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public HostHealthStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
  }

  /** The host's record; all zeros and nulls for a host never judged. */
  public Health health(long hostId) {
    return jdbc.sql("SELECT * FROM host_health WHERE host_id = :id").param("id", hostId)
        .query((rs, i) -> new Health(hostId, rs.getLong("epoch"), rs.getLong("fenced_epoch"),
            instant(rs, "agent_seen_at"), instant(rs, "last_probe_at"),
            rs.getObject("last_probe_ok") == null ? null : rs.getBoolean("last_probe_ok"),
            rs.getString("last_probe_detail")))
        .optional().orElse(new Health(hostId, 0, 0, null, null, null, null));
  }

  /** A health transition {@code from} to {@code to}; empty when the host is not in {@code from} (any more). */
  public Optional<Event> transition(long hostId, HostState from, HostState to, HealthReason reason, String detail,
      Instant at) {
    return change(hostId, from, to, reason, detail, at, false, false);
  }

  /**
   * Declares the host DOWN or FAULTY: the transition and a new epoch, together; empty when the host
   * is not in {@code from} (any more).
   */
  public Optional<Event> declareFailure(long hostId, HostState from, HostState to, HealthReason reason, String detail,
      Instant at) {
    return change(hostId, from, to, reason, detail, at, true, false);
  }

  /**
   * Returns the host from {@code from} to READY, only if its engine was fenced since its last
   * declared failure; empty otherwise (or when it is not in {@code from}).
   */
  public Optional<Event> returnToService(long hostId, HostState from, HealthReason reason, String detail, Instant at) {
    return change(hostId, from, HostState.READY, reason, detail, at, false, true);
  }

  /**
   * Records that the host's engine was fenced for {@code epoch} (its state, unchanged, in the event).
   * A fencing for an older epoch than the host's current one records the event but fences nothing
   * new.
   */
  public Event recordFenced(long hostId, long epoch, HostState state, String detail, Instant at) {
    ensureRow(hostId);
    return tx.execute(s -> {
      jdbc.sql("UPDATE host_health SET fenced_epoch = :e WHERE host_id = :id AND fenced_epoch < :e")
          .param("e", epoch).param("id", hostId).update();
      return insertEvent(hostId, at, state, state, HealthReason.FENCED, epoch, detail);
    });
  }

  /** An agent of the host was seen now; the first time is kept (the host has an agent from then on). */
  public void agentSeen(long hostId, Instant at) {
    ensureRow(hostId);
    jdbc.sql("UPDATE host_health SET agent_seen_at = :at WHERE host_id = :id AND agent_seen_at IS NULL")
        .param("at", Timestamp.from(at)).param("id", hostId).update();
  }

  /** The last probe of the host's engine. */
  public void recordProbe(long hostId, Instant at, boolean answered, String detail) {
    ensureRow(hostId);
    jdbc.sql("UPDATE host_health SET last_probe_at = :at, last_probe_ok = :ok, last_probe_detail = :d WHERE host_id = :id")
        .param("at", Timestamp.from(at)).param("ok", answered).param("d", cut(detail)).param("id", hostId).update();
  }

  /** The ids of the hosts an agent was ever seen for. */
  public Set<Long> hostsWithAgents() {
    return new HashSet<>(jdbc.sql("SELECT host_id FROM host_health WHERE agent_seen_at IS NOT NULL")
        .query(Long.class).list());
  }

  /** The host's newest events, newest first. */
  public List<Event> events(long hostId, int limit) {
    return jdbc.sql("SELECT * FROM host_event WHERE host_id = :id ORDER BY id DESC LIMIT :n").param("id", hostId)
        .param("n", limit).query(EVENT).list();
  }

  private Optional<Event> change(long hostId, HostState from, HostState to, HealthReason reason, String detail,
      Instant at, boolean newEpoch, boolean onlyIfFenced) {
    ensureRow(hostId);
    return tx.execute(s -> {
      String guard = onlyIfFenced
          ? " AND EXISTS (SELECT 1 FROM host_health h WHERE h.host_id = :id AND h.fenced_epoch >= h.epoch)" : "";
      int changed = jdbc.sql("UPDATE host SET state = :to WHERE id = :id AND state = :from" + guard)
          .param("to", to.name()).param("id", hostId).param("from", from.name()).update();
      if (changed != 1) {
        return Optional.<Event>empty();
      }
      if (newEpoch) {
        jdbc.sql("UPDATE host_health SET epoch = epoch + 1 WHERE host_id = :id").param("id", hostId).update();
      }
      long epoch = jdbc.sql("SELECT epoch FROM host_health WHERE host_id = :id").param("id", hostId)
          .query(Long.class).single();
      return Optional.of(insertEvent(hostId, at, from, to, reason, epoch, detail));
    });
  }

  private Event insertEvent(long hostId, Instant at, HostState from, HostState to, HealthReason reason, long epoch,
      String detail) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO host_event (host_id, happened_at, from_state, to_state, reason, epoch, detail) "
        + "VALUES (:id, :at, :from, :to, :reason, :epoch, :detail)")
        .param("id", hostId).param("at", Timestamp.from(at)).param("from", from.name()).param("to", to.name())
        .param("reason", reason.name()).param("epoch", epoch).param("detail", cut(detail))
        .update(keys, "id");
    Number key = keys.getKey();
    return new Event(key == null ? 0 : key.longValue(), hostId, at, from, to, reason, epoch, cut(detail));
  }

  /** Creates the host's record if it has none (two nodes racing: one wins, the other's insert is a no-op). */
  private void ensureRow(long hostId) {
    if (jdbc.sql("SELECT COUNT(*) FROM host_health WHERE host_id = :id").param("id", hostId).query(Long.class)
        .single() > 0) {
      return;
    }
    try {
      jdbc.sql("INSERT INTO host_health (host_id) VALUES (:id)").param("id", hostId).update();
    } catch (DuplicateKeyException raced) {
      // created meanwhile by another node
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static String cut(String s) {
    return s == null || s.length() <= TEXT ? s : s.substring(0, TEXT - 1) + "…";
  }
}
