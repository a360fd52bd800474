package org.elasticcloud.webapp.cluster;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the jobs a dead node had locked to the survivors: a job whose lock owner is no longer
 * announced in ZooKeeper gets its lock cleared (and its revision raised, so that the dead node, were
 * it only cut off and still running, fails on optimistic locking when it tries to finish). Camunda
 * would otherwise wait for the lock to expire (5 minutes by default). Every step is idempotent by a
 * natural key, so a job run twice in that rare case creates nothing twice.
 */
public class OrphanJobRelease {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanJobRelease.class);
  private final JdbcTemplate jdbc;
  private final JobOwners owners;
  private final Runnable jobsReleased;

  /** @param jobsReleased told when jobs were released: wakes this node's job executor at once */
  public OrphanJobRelease(DataSource dataSource, JobOwners owners, Runnable jobsReleased) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.owners = owners;
    this.jobsReleased = jobsReleased;
  }

  /** Releases the jobs of every lock owner that is gone; returns how many jobs were released. */
  public int releaseOrphans() {
    Set<String> alive = Set.copyOf(owners.alive());
    if (!alive.contains(owners.self())) {
      return 0; // cut off from ZooKeeper (or not announced yet): this node cannot judge who is alive
    }
    List<String> lockers = jdbc.queryForList(
        "SELECT DISTINCT LOCK_OWNER_ FROM ACT_RU_JOB WHERE LOCK_OWNER_ IS NOT NULL AND LOCK_EXP_TIME_ > ?",
        String.class, Timestamp.from(Instant.now()));
    int released = 0;
    for (String owner : lockers) {
      if (!alive.contains(owner)) {
        int n = jdbc.update("UPDATE ACT_RU_JOB SET LOCK_OWNER_ = NULL, LOCK_EXP_TIME_ = NULL, REV_ = REV_ + 1 "
            + "WHERE LOCK_OWNER_ = ?", owner);
        if (n > 0) {
          LOG.warn("ECP-CLUSTER-010 node {} is gone: its {} locked job(s) are handed to the survivors", owner, n);
        }
        released += n;
      }
    }
    if (released > 0) {
      jobsReleased.run();
    }
    return released;
  }
}
