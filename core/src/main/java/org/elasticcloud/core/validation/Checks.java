package org.elasticcloud.core.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects field violations with a fluent API: {@code new Checks().name("name", n).positive("cores", c)}.
 * Every check records a violation instead of throwing, so one answer lists every problem.
 */
public final class Checks {
  /** Names: letters, digits, dot, dash and underscore; they become parts of container and port names. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final List<Violation> violations = new ArrayList<>();

  public Checks name(String field, String value) {
    if (value == null || value.isBlank()) {
      return add(field, "must not be blank");
    }
    if (!NAME.matcher(value).matches()) {
      return add(field, "must be 1-63 letters, digits, '.', '-' or '_' and start with a letter or digit");
    }
    return this;
  }

  public Checks text(String field, String value, int maxLength, boolean required) {
    if (value == null || value.isBlank()) {
      return required ? add(field, "must not be blank") : this;
    }
    if (value.length() > maxLength) {
      return add(field, "must be at most " + maxLength + " characters");
    }
    return this;
  }

  public Checks email(String field, String value) {
    if (value == null || value.isBlank()) {
      return add(field, "must not be blank");
    }
    if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
      return add(field, "must be an e-mail address");
    }
    return this;
  }

  public Checks present(String field, Object value) {
    return value == null ? add(field, "must be given") : this;
  }

  public Checks positive(String field, Number value) {
    if (value == null) {
      return add(field, "must be given");
    }
    return value.longValue() <= 0 ? add(field, "must be greater than 0") : this;
  }

  public Checks range(String field, Number value, long min, long max) {
    if (value == null) {
      return add(field, "must be given");
    }
    long v = value.longValue();
    return v < min || v > max ? add(field, "must be between " + min + " and " + max) : this;
  }

  public Checks isTrue(boolean condition, String field, String message) {
    return condition ? this : add(field, message);
  }

  public Checks add(String field, String message) {
    violations.add(new Violation(field, message));
    return this;
  }

  public List<Violation> violations() {
    return List.copyOf(violations);
  }

  /** Throws a {@link ValidationException} listing every violation, if there is any. */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }
}
