package org.elasticcloud.core.alerts;

import java.util.Arrays;
import java.util.Optional;

/** How a policy compares a value with its threshold; written as its symbol ({@code >}, {@code >=}, ...). */
public enum Comparison {
  GT(">"), GE(">="), LT("<"), LE("<=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** Whether {@code value} breaches {@code threshold}: {@code value <symbol> threshold}. */
  public boolean test(double value, double threshold) {
    return switch (this) {
      case GT -> value > threshold;
      case GE -> value >= threshold;
      case LT -> value < threshold;
      case LE -> value <= threshold;
    };
  }

  public static Optional<Comparison> fromSymbol(String symbol) {
    return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol)).findFirst();
  }
}
