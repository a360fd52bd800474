/**
 * Fault migration in plain Java: where the containers of a failed or draining host go
 * ({@link org.elasticcloud.core.migration.MigrationPlanner}, the scale-out placement rules with the
 * most important applications first), when a failed container is restarted in place and when it is
 * moved ({@link org.elasticcloud.core.migration.RestartPolicy}), how the container left on the source
 * host is treated ({@link org.elasticcloud.core.migration.SourceCleanup}) and which host states the
 * processes move a host between ({@link org.elasticcloud.core.migration.HostTransitions}). No Spring,
 * no Camunda, no I/O: the delegates read the inventory, call these, and act through the ports.
 */
package org.elasticcloud.core.migration;
