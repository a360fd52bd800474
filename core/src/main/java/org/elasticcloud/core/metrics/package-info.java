/**
 * Monitoring in the platform's words: the eight metrics every host agent collects for its host and
 * each container on it, the points it ships ({@link org.elasticcloud.core.metrics.AgentReport}),
 * the host conditions its hardware checks report, and the queries the pages, alerts, reports and
 * the predictor ask of the time-series store ({@link org.elasticcloud.core.port.MetricsStore}).
 */
package org.elasticcloud.core.metrics;
