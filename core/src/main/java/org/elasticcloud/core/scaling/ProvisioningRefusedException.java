package org.elasticcloud.core.scaling;

/**
 * A container cannot be provisioned as asked, whatever retries: unknown host, host not ready, a
 * spec larger than the host; or, recreating a container elsewhere, its port or a volume is gone
 * (its IP or its data cannot be kept). Nothing was created.
 */
public class ProvisioningRefusedException extends RuntimeException {
  /** Why, in a word the processes can branch on. */
  public enum Reason { UNKNOWN_HOST, HOST_NOT_READY, SPEC_TOO_LARGE, PORT_MISSING, VOLUME_MISSING }

  private final Reason reason;

  public ProvisioningRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
