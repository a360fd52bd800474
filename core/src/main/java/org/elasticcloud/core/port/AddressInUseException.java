package org.elasticcloud.core.port;

/** The address asked for belongs to another port. A business fault: retrying cannot help. */
public class AddressInUseException extends RuntimeException {
  public AddressInUseException(String message) {
    super(message);
  }

  public AddressInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
