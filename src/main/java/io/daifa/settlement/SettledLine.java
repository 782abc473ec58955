package io.daifa.settlement;

import io.daifa.agency.IncentiveOutcome;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import java.time.Instant;

/**
 * A line as its settlement recorded it: the agency it accrued to and what it accrued ({@code
 * incentive} null for a line without an agency), the commission credited to its shop, and the cycle
 * that clawed it back, if any.
 */
public record SettledLine(
    String orderId,
    String shopId,
    String lineId,
    String cycle,
    String agencyId,
    String buyerId,
    Fen cash,
    Points points,
    IncentiveOutcome incentive,
    Instant settledAt,
    String clawedCycle,
    Fen commission) {

  public SettledLine {
    commission = commission == null ? Fen.ZERO : commission;
  }
}
