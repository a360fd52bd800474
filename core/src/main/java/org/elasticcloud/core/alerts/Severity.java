package org.elasticcloud.core.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How bad an alert is. Only {@link #CRITICAL} alerts notify during a policy's quiet hours. */
public enum Severity {
  INFO, WARNING, CRITICAL;

  /** The name in the REST API and the database: {@code info}, {@code warning}, {@code critical}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Severity> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(name)).findFirst();
  }
}
