package org.elasticcloud.core.port;

/** No VIP of that name exists on the load balancer. */
public class VipNotFoundException extends RuntimeException {
  public VipNotFoundException(String message) {
    super(message);
  }
}
