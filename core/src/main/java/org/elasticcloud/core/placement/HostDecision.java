package org.elasticcloud.core.placement;

import java.util.List;
import java.util.Objects;

/**
 * What placement made of one host, after placing.
 *
 * <ul>
 *   <li>{@link Verdict#CHOSEN}: it received {@code placed} (≥ 1) new containers;
 *       {@code constraints} lists what keeps it from taking one more (empty: it could, but the
 *       request was met).</li>
 *   <li>{@link Verdict#RULED_OUT}: it received none, and {@code constraints} lists every rule that
 *       keeps it from taking even one (never empty), in {@link Constraint} order.</li>
 *   <li>{@link Verdict#NOT_NEEDED}: it could have taken one, but the request was met on hosts
 *       ranked higher; {@code constraints} is empty.</li>
 * </ul>
 */
public record HostDecision(long hostId, String hostName, long switchId, Verdict verdict, int placed,
    List<Constraint> constraints, String explanation) {

  public enum Verdict {
    CHOSEN, RULED_OUT, NOT_NEEDED
  }

  public HostDecision {
    Objects.requireNonNull(verdict, "verdict");
    constraints = List.copyOf(constraints);
    Objects.requireNonNull(explanation, "explanation");
  }

  /** True when the host received no container and {@code constraint} is one of the reasons. */
  public boolean ruledOutBy(Constraint constraint) {
    return verdict == Verdict.RULED_OUT && constraints.contains(constraint);
  }
}
