package org.elasticcloud.core.port;

/** No free address is left in the network's pool. */
public class AddressPoolExhaustedException extends RuntimeException {
  public AddressPoolExhaustedException(String message) {
    super(message);
  }
}
