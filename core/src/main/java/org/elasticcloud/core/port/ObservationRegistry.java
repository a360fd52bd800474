package org.elasticcloud.core.port;

import java.util.List;
import java.util.Optional;

/**
 * Where the platform publishes what the hosts' agents must watch: which containers are monitored
 * (which of the eight metrics) and which log files are collected (and kept how long). Agents read
 * it; registrations outlive platform restarts and are removed on scale-in.
 */
public interface ObservationRegistry {
  /** Registers (or updates) the monitoring of a container. */
  void monitor(Monitoring monitoring);

  /** Registers (or updates) the log collection of a container. */
  void collectLogs(LogCollection logs);

  /** Removes both registrations of the container; false when there was none. */
  boolean forget(String containerName);

  Optional<Monitoring> monitoring(String containerName);

  Optional<LogCollection> logCollection(String containerName);

  /** Every container monitored now. */
  List<Monitoring> monitored();

  /** A container's monitoring: where it runs and which metrics are collected. */
  record Monitoring(String containerName, String hostName, String ip, List<String> metrics) {
  }

  /** A container's log collection: where it runs, which files, how many days they are kept. */
  record LogCollection(String containerName, String hostName, List<String> paths, int retentionDays) {
  }
}
