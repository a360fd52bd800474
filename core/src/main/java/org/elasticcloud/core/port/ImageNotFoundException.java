package org.elasticcloud.core.port;

/** The image does not exist on the host's engine nor in the image center. A business fault: retrying the same request cannot help. */
public class ImageNotFoundException extends RuntimeException {
  public ImageNotFoundException(String message) {
    super(message);
  }

  public ImageNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
