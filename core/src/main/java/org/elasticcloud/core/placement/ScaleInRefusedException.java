package org.elasticcloud.core.placement;

import java.util.Objects;

/**
 * A business fault: not every requested container may be removed (the group would fall below its
 * minimum, or it has fewer containers). Carries the whole {@link ScaleInResult}; a delegate
 * translates it into a BPMN error, never a retry.
 */
public class ScaleInRefusedException extends RuntimeException {
  private final transient ScaleInResult result;

  public ScaleInRefusedException(ScaleInResult result) {
    super("ECP-PLACE-002 group " + result.groupId() + ": " + result.shortfall().explanation());
    this.result = Objects.requireNonNull(result, "result");
  }

  public ScaleInResult result() {
    return result;
  }
}
