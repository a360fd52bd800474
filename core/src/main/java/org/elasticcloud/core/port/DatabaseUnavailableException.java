package org.elasticcloud.core.port;

/**
 * The application's database server did not answer, refused the platform's administrator login,
 * or failed a statement: a technical failure, to be retried (and an incident once retries run out).
 */
public class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
