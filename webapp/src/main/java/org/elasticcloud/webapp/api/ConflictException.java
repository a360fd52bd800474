package org.elasticcloud.webapp.api;

/** The request collides with the current state (a duplicate, a reference still in use): 409. */
public class ConflictException extends RuntimeException {
  private final String field;

  public ConflictException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
