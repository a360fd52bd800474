/**
 * The metrics store ({@link org.elasticcloud.core.port.MetricsStore}) on an embedded QuestDB
 * (ADR 0012): nothing outside this package imports QuestDB.
 */
package org.elasticcloud.integrations.metrics;
