package org.elasticcloud.core.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What one alert of a policy is about. {@link #GROUP}: the policy's containers together, their
 * values combined into one series by the policy's aggregation (one alert per policy);
 * {@link #INSTANCE}: each container alone (one alert per container).
 */
public enum Scope {
  GROUP, INSTANCE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Scope> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(name)).findFirst();
  }
}
