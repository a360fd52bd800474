/**
 * Reconciliation: compares the platform's inventory with what the real systems hold (containers on
 * the hosts' engines, network ports, volumes, database accounts, VIP members, monitoring
 * registrations), reports the drift, and repairs what is safe to repair. Plain Java over the ports;
 * the rules are in ADR 0010.
 *
 * <p>{@link org.elasticcloud.core.reconcile.RealSystems} reads the real side,
 * {@link org.elasticcloud.core.reconcile.DriftDetector} compares it with an
 * {@link org.elasticcloud.core.reconcile.InventoryView}, {@link org.elasticcloud.core.reconcile.Repairer}
 * acts on the items whose repair is safe, re-checking each one just before acting.
 */
package org.elasticcloud.core.reconcile;
