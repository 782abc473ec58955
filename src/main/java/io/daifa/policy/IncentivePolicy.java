package io.daifa.policy;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import java.time.YearMonth;

/**
 * One version of the promoter incentive rule (SPEC §6), in force from {@code effectiveFrom}: cash
 * at the fee rate above {@code rateFloor}, points at {@code pointsRate}, both capped per agency per
 * calendar quarter.
 */
public record IncentivePolicy(
    YearMonth effectiveFrom,
    BasisPoints rateFloor,
    BasisPoints pointsRate,
    Fen quarterlyCashCap,
    Points quarterlyPointsCap) {

  public IncentivePolicy {
    if (rateFloor.isNegative()
        || pointsRate.isNegative()
        || quarterlyCashCap.isNegative()
        || quarterlyPointsCap.hundredths() < 0) {
      throw new IllegalArgumentException("incentive rates and caps are not negative");
    }
  }

  /** Cash for a line: base × (fee rate − floor), 0 at or below the floor; half-up to the fen. */
  public Fen cash(Fen base, BasisPoints feeRate) {
    return feeRate.compareTo(rateFloor) <= 0 ? Fen.ZERO : base.at(feeRate.minus(rateFloor));
  }

  /**
   * Points for a line: base × points rate, half-up to 0.01 point. A fen amount at a rate counted in
   * fen is, in CNY, hundredths of a CNY; one point per CNY makes it hundredths of a point.
   */
  public Points points(Fen base) {
    return Points.of(base.at(pointsRate).value());
  }
}
