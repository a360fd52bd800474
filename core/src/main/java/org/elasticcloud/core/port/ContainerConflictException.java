package org.elasticcloud.core.port;

/** The request collides with what runs A business fault: retrying the same request cannot help. */
public class ContainerConflictException extends RuntimeException {
  public ContainerConflictException(String message) {
    super(message);
  }

  public ContainerConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
