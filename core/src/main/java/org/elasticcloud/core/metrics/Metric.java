package org.elasticcloud.core.metrics;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an agent measures for a host and for every container on it. The first eight are the seed's
 * eight metrics; {@link #MEMORY_LIMIT} travels beside {@link #MEMORY} so that a page can show used
 * against limit. {@link #wireName()} is the name in the agent's reports, the REST API and the store.
 */
public enum Metric {
  /** CPU used, in percent of one core (a container using two full cores reports 200). */
  CPU("cpu", "%"),
  /** Established TCP connections in the subject's network namespace. */
  CONNECTIONS("connections", "count"),
  /** Memory used (cgroup usage without page cache for containers; MemTotal − MemAvailable for hosts). */
  MEMORY("memory", "bytes"),
  /** Bytes received per second on every interface but loopback. */
  NET_IN("net_in", "bytes/s"),
  /** Bytes sent per second on every interface but loopback. */
  NET_OUT("net_out", "bytes/s"),
  /** Run-queue load: the host's one-minute load average; for a container its runnable tasks. */
  LOAD("load", "tasks"),
  /** Disk used: a container's writable layer plus its volumes; a host's root file system. */
  DISK("disk", "bytes"),
  /** 1 when running (and healthy, where a health check is defined), else 0. */
  LIVENESS("liveness", "0/1"),
  /** The memory limit (a container's cgroup limit, a host's MemTotal). */
  MEMORY_LIMIT("memory_limit", "bytes");

  private final String wireName;
  private final String unit;

  Metric(String wireName, String unit) {
    this.wireName = wireName;
    this.unit = unit;
  }

  public String wireName() {
    return wireName;
  }

  public String unit() {
    return unit;
  }

  /** The metric with this wire name, if any. */
  public static Optional<Metric> fromWire(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
  }
}
