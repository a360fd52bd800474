package org.elasticcloud.core.port;

import java.util.List;
import org.elasticcloud.core.validation.Violation;

/**
 * A grant the platform will not make or undo: a malformed or unsafe spec (a privilege outside the
 * allow-list, a system schema, a name or address that is not plain), a schema that does not exist,
 * no credential to give a new account, or an account the platform does not manage (an
 * administrator's). A business fault: retrying the same request cannot help.
 */
public class GrantRefusedException extends RuntimeException {
  private final transient List<Violation> violations;

  public GrantRefusedException(String message) {
    this(message, List.of());
  }

  public GrantRefusedException(String message, List<Violation> violations) {
    super(message);
    this.violations = List.copyOf(violations);
  }

  /** What is wrong, field by field, when the spec itself is at fault; empty otherwise. */
  public List<Violation> violations() {
    return violations;
  }
}
