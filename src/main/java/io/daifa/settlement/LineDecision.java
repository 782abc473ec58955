package io.daifa.settlement;

import io.daifa.agency.RiskKind;
import io.daifa.common.CborSerializable;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import java.util.List;

/**
 * What a settlement page does with one line, decided and stored before anything is done, so that a
 * run that stops halfway repeats exactly these decisions. For {@link Kind#SETTLE} and {@link
 * Kind#RETRY_INCENTIVE} {@code cash} and {@code points} are the incentive due before the caps; for
 * {@link Kind#CLAW} they are what is taken back. {@code commission} is the shop's commission on a
 * market line: credited by {@link Kind#SETTLE}, taken back by {@link Kind#CLAW}; a claw with no
 * {@code agencyId} takes back only the commission. {@code fromCarried}: the line came from the
 * carried lines, whose row is removed once the line needs no further run.
 */
public record LineDecision(
    Kind kind,
    String orderId,
    String lineId,
    String shopId,
    String agencyId,
    String buyerId,
    Fen base,
    Fen paymentFee,
    Fen serviceFee,
    Fen commission,
    Fen cash,
    Points points,
    List<RiskKind> risks,
    boolean fromCarried)
    implements CborSerializable {

  public enum Kind {
    /** Received, no refund, no open dispute: settled for the shop, incentive to its agency. */
    SETTLE,
    /** Under an open dispute: carried to the next run. */
    DEFER,
    /** Refunded, or settled already: nothing to do. */
    DROP,
    /** Settled earlier with its incentive held: ask the agency again. */
    RETRY_INCENTIVE,
    /** Refunded after it settled: take back what it accrued. */
    CLAW,
    /** A refund claim with nothing to take back. */
    DISMISS_CLAIM
  }

  public LineDecision {
    risks = List.copyOf(risks);
    commission = commission == null ? Fen.ZERO : commission; // decided before commissions existed
  }

  static LineDecision bare(
      Kind kind, String orderId, String shopId, String lineId, boolean fromCarried) {
    return new LineDecision(
        kind,
        orderId,
        lineId,
        shopId,
        null,
        null,
        Fen.ZERO,
        Fen.ZERO,
        Fen.ZERO,
        Fen.ZERO,
        Fen.ZERO,
        Points.ZERO,
        List.of(),
        fromCarried);
  }

  public boolean asksAgency() {
    return agencyId != null && (kind == Kind.SETTLE || kind == Kind.RETRY_INCENTIVE);
  }
}
