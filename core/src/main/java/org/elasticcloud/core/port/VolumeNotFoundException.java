package org.elasticcloud.core.port;

/** No volume of that name exists. */
public class VolumeNotFoundException extends RuntimeException {
  public VolumeNotFoundException(String message) {
    super(message);
  }
}
