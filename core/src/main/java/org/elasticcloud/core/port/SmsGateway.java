package org.elasticcloud.core.port;

/**
 * Sends a text message to a phone number (an HTTP SMS gateway; in the lab and the tests a local
 * endpoint that records what it gets). A gateway that cannot be reached, times out or answers 5xx
 * is a {@link NotifierUnavailableException} (to be retried); one that refuses the message (4xx) a
 * {@link NotificationRejectedException}.
 */
public interface SmsGateway {

  /** Sends {@code text} to {@code to} (E.164, {@code +4915112345678}). */
  void send(String to, String text);
}
