package org.elasticcloud.core.port;

/**
 * The load balancer did not answer, answered something unexpected, or refused to apply a change
 * (its socket missing, a timeout, a failed reload): a technical failure, to be retried.
 */
public class LoadBalancerUnavailableException extends RuntimeException {
  public LoadBalancerUnavailableException(String message) {
    super(message);
  }

  public LoadBalancerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
