package io.daifa.settlement;

import io.daifa.money.Fen;
import io.daifa.money.Points;

/**
 * What one agency has accrued in one calendar quarter, and the cut that keeps it under the caps: an
 * accrual that crosses a cap is cut to what remains, and once a cap is reached later accruals give
 * 0 until the next quarter (SPEC §6).
 */
public record QuarterAccrual(String quarter, Fen cash, Points points) {

  public static QuarterAccrual empty(String quarter) {
    return new QuarterAccrual(quarter, Fen.ZERO, Points.ZERO);
  }

  /** The part of an accrual that fits under the caps. */
  public Granted grant(Fen cashDue, Points pointsDue, Fen cashCap, Points pointsCap) {
    return new Granted(
        cashDue.min(cashRemaining(cashCap)), pointsDue.min(pointsRemaining(pointsCap)));
  }

  public QuarterAccrual plus(Granted granted) {
    return new QuarterAccrual(quarter, cash.plus(granted.cash()), points.plus(granted.points()));
  }

  public Fen cashRemaining(Fen cap) {
    return cap.minus(cash).max(Fen.ZERO);
  }

  public Points pointsRemaining(Points cap) {
    return cap.minus(points).max(Points.ZERO);
  }

  /** Cash and points actually granted for one line. */
  public record Granted(Fen cash, Points points) {
    public static final Granted NOTHING = new Granted(Fen.ZERO, Points.ZERO);
  }
}
