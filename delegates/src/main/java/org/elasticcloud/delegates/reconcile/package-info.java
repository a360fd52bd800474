/**
 * The delegates of ReconcileProcess: detect the drift, repair what is safe, record the report. The
 * rules live in core ({@code org.elasticcloud.core.reconcile}); these read the inventory, call core
 * and the store, and keep the process variables to a report id and counts.
 */
package org.elasticcloud.delegates.reconcile;
