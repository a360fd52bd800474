package org.elasticcloud.core.port;

/** The VIP already has a member of that name at another address. */
public class MemberConflictException extends RuntimeException {
  public MemberConflictException(String message) {
    super(message);
  }
}
