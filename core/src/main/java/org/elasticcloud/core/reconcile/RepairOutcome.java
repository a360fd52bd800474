package org.elasticcloud.core.reconcile;

/** What became of an item's repair. */
public enum RepairOutcome {
  /** Nothing was tried: the item is reported only, or repairs are off. */
  NOT_ATTEMPTED,
  /** Done. */
  REPAIRED,
  /** Nothing left to do: removed (or registered) already, by an earlier run or someone else (repairs are idempotent). */
  ALREADY_DONE,
  /** An orphan seen for the first time: removed only once earlier reports listed it too. */
  AWAITING_CONFIRMATION,
  /** Its application has an operation in progress now: left alone. */
  SKIPPED_BUSY,
  /** The inventory changed since detection (it records the resource now): left alone. */
  SKIPPED_CHANGED,
  /** Depends on a repair that did not happen (a volume whose container is still there). */
  BLOCKED,
  /** Tried and failed; the message says why. The next run tries again. */
  FAILED
}
