package org.elasticcloud.core.port;

/** The volume is attached to another host: detach it there first. */
public class VolumeInUseException extends RuntimeException {
  public VolumeInUseException(String message) {
    super(message);
  }
}
