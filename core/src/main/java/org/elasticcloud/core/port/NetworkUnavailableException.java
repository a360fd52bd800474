package org.elasticcloud.core.port;

/** The network authority did not answer or failed (5xx, I/O): a technical failure, to be retried. */
public class NetworkUnavailableException extends RuntimeException {
  public NetworkUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
