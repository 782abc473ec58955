package io.daifa.settlement;

import io.daifa.agency.IncentiveOutcome;
import io.daifa.agency.RiskKind;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.order.OrderStatus;
import io.daifa.policy.IncentivePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The settlement's decisions, line by line, as plain functions (SPEC §6, §8, §10): which lines
 * settle, the fees taken from the shop's proceeds, the incentive due before the caps, and what a
 * refund takes back.
 */
public final class SettlementRules {

  private final BasisPoints paymentFeeRate;
  private final IncentivePolicy incentives;
  private final Duration refundFlagWindow;

  public SettlementRules(
      BasisPoints paymentFeeRate, IncentivePolicy incentives, Duration refundFlagWindow) {
    this.paymentFeeRate = paymentFeeRate;
    this.incentives = incentives;
    this.refundFlagWindow = refundFlagWindow;
  }

  public IncentivePolicy incentives() {
    return incentives;
  }

  /**
   * A line received in the cycle, or carried from an earlier run because of a dispute: received
   * with no refund and no open dispute settles; a dispute defers it again; a refund, or an earlier
   * settlement, drops it.
   */
  public LineDecision received(LineFacts line, boolean fromCarried, List<RiskKind> risks) {
    if (line.settledCycle() != null || line.status() == OrderStatus.REFUNDED) {
      return LineDecision.bare(
          LineDecision.Kind.DROP, line.orderId(), line.shopId(), line.lineId(), fromCarried);
    }
    if (line.status() != OrderStatus.RECEIVED || !line.routingProjected()) {
      return LineDecision.bare(
          LineDecision.Kind.DEFER, line.orderId(), line.shopId(), line.lineId(), fromCarried);
    }
    return withIncentive(LineDecision.Kind.SETTLE, line, risks, fromCarried);
  }

  /** A settled line whose incentive was held: tried again unless it has been refunded since. */
  public LineDecision held(LineFacts line, List<RiskKind> risks) {
    if (line.status() == OrderStatus.REFUNDED) {
      return LineDecision.bare(
          LineDecision.Kind.DROP, line.orderId(), line.shopId(), line.lineId(), true);
    }
    return withIncentive(LineDecision.Kind.RETRY_INCENTIVE, line, risks, true);
  }

  /**
   * A refund of a line: if the line settled and accrued (or is to be flagged), its accrual is taken
   * back from the agency it went to; a refund this soon after the settlement flags the buyer.
   */
  public LineDecision claim(
      String orderId, String shopId, String lineId, SettledLine settled, Instant refundedAt) {
    if (settled == null || settled.clawedCycle() != null) {
      return LineDecision.bare(LineDecision.Kind.DISMISS_CLAIM, orderId, shopId, lineId, false);
    }
    boolean atAgency = settled.agencyId() != null && settled.incentive() != IncentiveOutcome.HELD;
    boolean tooSoon =
        atAgency
            && refundedAt != null
            && settled.settledAt() != null
            && Duration.between(settled.settledAt(), refundedAt).compareTo(refundFlagWindow) < 0;
    boolean accrued =
        atAgency
            && (settled.cash().compareTo(Fen.ZERO) > 0
                || settled.points().compareTo(Points.ZERO) > 0);
    boolean fromAgency = accrued || tooSoon;
    boolean commission = settled.commission().compareTo(Fen.ZERO) > 0;
    if (!fromAgency && !commission) {
      return LineDecision.bare(LineDecision.Kind.DISMISS_CLAIM, orderId, shopId, lineId, false);
    }
    return new LineDecision(
        LineDecision.Kind.CLAW,
        orderId,
        lineId,
        shopId,
        fromAgency ? settled.agencyId() : null,
        settled.buyerId(),
        Fen.ZERO,
        Fen.ZERO,
        Fen.ZERO,
        settled.commission(),
        fromAgency ? settled.cash() : Fen.ZERO,
        fromAgency ? settled.points() : Points.ZERO,
        tooSoon ? List.of(RiskKind.REFUND_AFTER_SETTLEMENT) : List.of(),
        false);
  }

  /**
   * The shop's commission on a market line it picked: the line's settlement base at the rate it
   * carried when routed, half-up to the fen (SPEC §9).
   */
  public static Fen commission(Fen base, BasisPoints rate) {
    return base.at(rate);
  }

  /** The payment fee on the amount the buyer paid, half-up to the fen. */
  public Fen paymentFee(Fen userPaid) {
    return userPaid.at(paymentFeeRate);
  }

  /** The category's technical service fee on the settlement base, half-up to the fen. */
  public static Fen serviceFee(Fen base, BasisPoints feeRate) {
    return base.at(feeRate);
  }

  private LineDecision withIncentive(
      LineDecision.Kind kind, LineFacts line, List<RiskKind> risks, boolean fromCarried) {
    boolean promoted = line.agencyId() != null;
    return new LineDecision(
        kind,
        line.orderId(),
        line.lineId(),
        line.shopId(),
        line.agencyId(),
        line.buyerId(),
        line.base(),
        paymentFee(line.userPaid()),
        serviceFee(line.base(), line.feeRate()),
        kind == LineDecision.Kind.SETTLE
            ? commission(line.base(), line.commissionRate())
            : Fen.ZERO, // a retried incentive: its commission was credited when it settled
        promoted ? incentives.cash(line.base(), line.feeRate()) : Fen.ZERO,
        promoted ? incentives.points(line.base()) : Points.ZERO,
        promoted ? risks : List.of(),
        fromCarried);
  }
}
