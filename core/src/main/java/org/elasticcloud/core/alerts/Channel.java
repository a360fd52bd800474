package org.elasticcloud.core.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a notification travels: e-mail (through the {@code Mailer}) or SMS (through the {@code SmsGateway}). */
public enum Channel {
  EMAIL, SMS;

  /** The name in the REST API and the database: {@code email}, {@code sms}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Channel> fromWire(String name) {
    return Arrays.stream(values()).filter(c -> c.wire().equals(name)).findFirst();
  }
}
