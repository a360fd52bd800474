package org.elasticcloud.core.placement;

import java.util.Objects;

/**
 * A business fault: not every requested container could be placed. Carries the whole
 * {@link PlacementResult}, so a caller can report the reasons per host. A delegate translates it
 * into the process's {@code Error_NoHostFits} BPMN error; it is never retried as a technical failure.
 */
public class NoHostFitsException extends RuntimeException {
  private final transient PlacementResult result;

  public NoHostFitsException(PlacementResult result) {
    super("ECP-PLACE-001 group " + result.groupId() + ": " + result.shortfall().explanation());
    this.result = Objects.requireNonNull(result, "result");
  }

  public PlacementResult result() {
    return result;
  }
}
