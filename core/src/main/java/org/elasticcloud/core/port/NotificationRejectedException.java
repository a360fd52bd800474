package org.elasticcloud.core.port;

/**
 * A notifier refused a message for good (an address the mail server rejects, a 4xx from the SMS
 * gateway): retrying the same message will not help; the step ends in an incident for an operator
 * to fix the policy or the notifier's settings.
 */
public class NotificationRejectedException extends RuntimeException {
  public NotificationRejectedException(String message) {
    super(message);
  }

  public NotificationRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
