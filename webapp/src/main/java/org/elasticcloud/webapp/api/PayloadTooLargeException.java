package org.elasticcloud.webapp.api;

import java.io.IOException;

/** A request body beyond the configured limit: 413. */
public class PayloadTooLargeException extends IOException {
  public PayloadTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
  }
}
