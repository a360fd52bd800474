package org.elasticcloud.integrations.metrics;

/**
 * The TSD refused a request or could not be reached: {@link #status()} is the HTTP status (0 when
 * there was no answer). A refused write may have stored part of its batch; writing the batch again
 * is safe (a point at the same instant replaces the earlier).
 */
public class OpenTsdbException extends IllegalStateException {
  private final int status;

  public OpenTsdbException(int status, String message) {
    super(message);
    this.status = status;
  }

  public OpenTsdbException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  public int status() {
    return status;
  }
}
