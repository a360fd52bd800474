package org.elasticcloud.core.placement;

import java.util.Objects;

/**
 * How many of the requested containers could not be placed (or removed), the first rule that
 * stopped them, and an explanation in words. {@link #NONE} when the request was met in full.
 */
public record Shortfall(int count, Cause cause, String explanation) {
  /** Nothing is missing. */
  public static final Shortfall NONE = new Shortfall(0, Cause.NONE, "");

  /** The binding reason, checked in the order declared here. */
  public enum Cause {
    /** The request was met. */
    NONE,
    /** Placement: no listed host is READY and not excluded. */
    NO_ELIGIBLE_HOST,
    /** Placement: the eligible hosts' free cores, memory or disk hold fewer containers than requested. */
    CAPACITY,
    /** Placement: capacity is there, but the spread limits allow fewer containers. */
    SPREAD,
    /** Scale-in: removing more would leave the group below its minimum. */
    MINIMUM,
    /** Scale-in: the group has fewer containers than requested. */
    GROUP_TOO_SMALL
  }

  public Shortfall {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(explanation, "explanation");
    if (count < 0 || (count == 0) != (cause == Cause.NONE)) {
      throw new IllegalArgumentException("a shortfall of " + count + " cannot have cause " + cause);
    }
  }

  public boolean isNone() {
    return count == 0;
  }
}
