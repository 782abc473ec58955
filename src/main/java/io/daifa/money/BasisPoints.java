package io.daifa.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A rate in basis points: 1% is 100, the whole is 10,000. */
public record BasisPoints(int value) implements Comparable<BasisPoints> {

  public static final long ONE_WHOLE = 10_000L;

  /**
   * The rates within one whole, shared: every order line holds its category's fee rate, and an open
   * order stays in its supplier's memory until it closes.
   */
  private static final BasisPoints[] WITHIN_WHOLE = new BasisPoints[(int) ONE_WHOLE + 1];

  static {
    for (int i = 0; i < WITHIN_WHOLE.length; i++) {
      WITHIN_WHOLE[i] = new BasisPoints(i);
    }
  }

  public static final BasisPoints ZERO = WITHIN_WHOLE[0];

  @JsonCreator
  public static BasisPoints of(int value) {
    return value >= 0 && value <= ONE_WHOLE ? WITHIN_WHOLE[value] : new BasisPoints(value);
  }

  @JsonValue
  @Override
  public int value() {
    return value;
  }

  public BasisPoints minus(BasisPoints other) {
    return new BasisPoints(Math.subtractExact(value, other.value));
  }

  public boolean isNegative() {
    return value < 0;
  }

  @Override
  public int compareTo(BasisPoints other) {
    return Integer.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value + " bp";
  }
}
