package org.elasticcloud.core.metrics;

import java.time.Instant;

/** One measurement: a metric of a subject at an instant. */
public record MetricPoint(Instant at, Subject subject, Metric metric, double value) {
}
