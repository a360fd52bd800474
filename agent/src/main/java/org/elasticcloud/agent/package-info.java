/**
 * The per-host agent, one daemon per host: registers the host in ZooKeeper (ephemeral) with a
 * heartbeat, collects the eight metrics of the host and of every container from cgroup and /proc
 * files and the local Docker engine, runs hardware checks (EDAC, SMART, kernel errors, read-only
 * file systems), and ships points in bounded batches. Filled in by the monitoring issue.
 */
package org.elasticcloud.agent;
