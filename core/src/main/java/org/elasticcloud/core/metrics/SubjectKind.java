package org.elasticcloud.core.metrics;

/** What a point is about. */
public enum SubjectKind {
  HOST, CONTAINER
}
