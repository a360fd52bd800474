/**
 * Thin Camunda delegates, one per service task, wired by {@code camunda:delegateExpression}: each
 * reads the variables it needs, makes one call into core, the inventory or a port, and writes the
 * variables it produces. Process ids, element ids and variable names are in {@link
 * org.elasticcloud.delegates.ProcessNames} (here rather than in {@code processes}, whose tests need
 * the delegates: Maven allows no cycle between the two modules).
 */
package org.elasticcloud.delegates;
