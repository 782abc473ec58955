package io.daifa.money;

/** Integer division rounded half away from zero, the rounding SPEC "Money" prescribes. */
final class RoundingHalfUp {

  private RoundingHalfUp() {}

  static long divide(long dividend, long divisor) {
    if (divisor <= 0) {
      throw new IllegalArgumentException("divisor must be positive: " + divisor);
    }
    long quotient = dividend / divisor;
    long remainder = Math.abs(dividend % divisor);
    if (remainder * 2 >= divisor) {
      quotient += dividend < 0 ? -1 : 1;
    }
    return quotient;
  }
}
