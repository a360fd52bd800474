package org.elasticcloud.core.reconcile;

/** What a report item says. */
public enum DriftKind {
  /** Real, the platform's, and not in the inventory. */
  ORPHAN,
  /** In the inventory, absent in reality. */
  MISSING,
  /** In both, but different (another host, another IP, not running while it should…). */
  MISMATCH,
  /** An application with an operation in progress: none of its resources were judged. */
  SKIPPED,
  /** A real system that did not answer: what it holds was not judged. */
  UNCHECKED
}
