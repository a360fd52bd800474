package org.elasticcloud.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.elasticcloud.core.migration.Evacuee;
import org.elasticcloud.core.placement.Resources;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What fault migration reads and writes besides the inventory's records: the containers on a host
 * as evacuees (with their application's priority and their spec), the image each container runs,
 * and the restarts in place of failed containers.
 */
public class MigrationStore {
  private final JdbcClient jdbc;

  public MigrationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every container recorded on the host, as the planner wants it, oldest first. */
  public List<Evacuee> evacuees(long hostId) {
    return jdbc.sql("SELECT c.id, c.name, c.group_id, a.name AS app, a.priority, sp.cores, sp.memory_mb, sp.disk_gb "
        + "FROM container c JOIN app_group g ON g.id = c.group_id JOIN application a ON a.id = g.application_id "
        + "JOIN spec sp ON sp.id = g.spec_id WHERE c.host_id = :h ORDER BY c.id")
        .param("h", hostId)
        .query((rs, n) -> new Evacuee(rs.getLong("id"), rs.getString("name"), rs.getLong("group_id"), rs.getString("app"),
            rs.getInt("priority"), new Resources(rs.getInt("cores"), rs.getLong("memory_mb"), rs.getLong("disk_gb"))))
        .list();
  }

  /** The datacenter of the host (through its switch); empty when there is no such host. */
  public Optional<Long> datacenterOf(long hostId) {
    return jdbc.sql("SELECT s.datacenter_id FROM host h JOIN network_switch s ON s.id = h.switch_id WHERE h.id = :h")
        .param("h", hostId).query(Long.class).optional();
  }

  /** Records (or replaces) the image the container runs. */
  public void recordImage(String containerName, String image) {
    int updated = jdbc.sql("UPDATE container_image SET image = :i, updated_at = CURRENT_TIMESTAMP WHERE container_name = :n")
        .param("i", image).param("n", containerName).update();
    if (updated == 0) {
      try {
        jdbc.sql("INSERT INTO container_image (container_name, image) VALUES (:n, :i)").param("n", containerName)
            .param("i", image).update();
      } catch (DuplicateKeyException raced) {
        recordImage(containerName, image);
      }
    }
  }

  public Optional<String> image(String containerName) {
    return jdbc.sql("SELECT image FROM container_image WHERE container_name = :n").param("n", containerName)
        .query(String.class).optional();
  }

  /** Forgets the container's image (the container is gone for good). */
  public void forgetImage(String containerName) {
    jdbc.sql("DELETE FROM container_image WHERE container_name = :n").param("n", containerName).update();
  }

  /**
   * Records a restart in place, once per {@code operationKey} (the operation and its attempt): a
   * retried step records nothing twice. True when this call recorded it.
   */
  public boolean recordRestart(String containerName, String operationKey, Instant at) {
    try {
      return jdbc.sql("INSERT INTO container_restart (container_name, operation_key, restarted_at_ms) VALUES (:n, :k, :t)")
          .param("n", containerName).param("k", operationKey).param("t", at.toEpochMilli()).update() == 1;
    } catch (DuplicateKeyException again) {
      return false;
    }
  }

  /** When the container was restarted in place since {@code since}, oldest first. */
  public List<Instant> restartsSince(String containerName, Instant since) {
    return jdbc.sql("SELECT restarted_at_ms FROM container_restart WHERE container_name = :n AND restarted_at_ms >= :s "
        + "ORDER BY restarted_at_ms").param("n", containerName).param("s", since.toEpochMilli())
        .query(Long.class).list().stream().map(Instant::ofEpochMilli).toList();
  }
}
