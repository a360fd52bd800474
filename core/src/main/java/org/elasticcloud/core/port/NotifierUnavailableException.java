package org.elasticcloud.core.port;

/**
 * A notifier (mail server, SMS gateway) could not be reached, timed out or failed on its side: a
 * technical failure; the step that notifies is retried, then becomes an incident.
 */
public class NotifierUnavailableException extends RuntimeException {
  public NotifierUnavailableException(String message) {
    super(message);
  }

  public NotifierUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
