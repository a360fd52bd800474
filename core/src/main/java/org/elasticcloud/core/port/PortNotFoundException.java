package org.elasticcloud.core.port;

/** No port of that name exists. */
public class PortNotFoundException extends RuntimeException {
  public PortNotFoundException(String message) {
    super(message);
  }
}
