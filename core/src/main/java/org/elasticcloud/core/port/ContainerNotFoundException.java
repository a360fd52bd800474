package org.elasticcloud.core.port;

/** The named container does not exist on that host. A business fault: retrying the same request cannot help. */
public class ContainerNotFoundException extends RuntimeException {
  public ContainerNotFoundException(String message) {
    super(message);
  }

  public ContainerNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
