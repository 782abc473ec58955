package io.daifa.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An amount of money in fen (0.01 CNY). Arithmetic is overflow-checked: an amount that cannot be
 * represented is an error, never a silently wrapped number.
 */
public record Fen(long value) implements Comparable<Fen> {

  public static final Fen ZERO = new Fen(0);

  @JsonCreator
  public static Fen of(long value) {
    return value == 0 ? ZERO : new Fen(value);
  }

  public static Fen ofYuan(long yuan) {
    return of(Math.multiplyExact(yuan, 100L));
  }

  @JsonValue
  @Override
  public long value() {
    return value;
  }

  public Fen plus(Fen other) {
    return of(Math.addExact(value, other.value));
  }

  public Fen minus(Fen other) {
    return of(Math.subtractExact(value, other.value));
  }

  public Fen times(long factor) {
    return of(Math.multiplyExact(value, factor));
  }

  /** This amount at {@code rate}, rounded half-up to the fen (exact integer arithmetic). */
  public Fen at(BasisPoints rate) {
    return of(
        RoundingHalfUp.divide(Math.multiplyExact(value, rate.value()), BasisPoints.ONE_WHOLE));
  }

  public boolean isNegative() {
    return value < 0;
  }

  public Fen min(Fen other) {
    return value <= other.value ? this : other;
  }

  public Fen max(Fen other) {
    return value >= other.value ? this : other;
  }

  @Override
  public int compareTo(Fen other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value + " fen";
  }
}
