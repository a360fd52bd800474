package org.elasticcloud.core.port;

/**
 * A host's engine could not be reached or failed: a technical failure, to be retried and then
 * raised as an incident — not a business outcome.
 */
public class HostUnreachableException extends RuntimeException {
  private final String endpoint;

  public HostUnreachableException(String endpoint, String message, Throwable cause) {
    super("ECP-DOCKER-001 engine " + endpoint + " unreachable: " + message, cause);
    this.endpoint = endpoint;
  }

  public String endpoint() {
    return endpoint;
  }
}
