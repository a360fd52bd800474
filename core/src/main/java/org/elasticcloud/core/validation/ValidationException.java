package org.elasticcloud.core.validation;

import java.util.List;

/** Thrown when input breaks one or more rules; carries every broken rule, not just the first. */
public class ValidationException extends RuntimeException {
  private final transient List<Violation> violations;

  public ValidationException(List<Violation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  public ValidationException(String field, String message) {
    this(List.of(new Violation(field, message)));
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    StringBuilder sb = new StringBuilder("invalid input:");
    for (Violation v : violations) {
      sb.append(' ').append(v.field()).append(" ").append(v.message()).append(';');
    }
    return sb.toString();
  }
}
