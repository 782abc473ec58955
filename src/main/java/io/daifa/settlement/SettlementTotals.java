package io.daifa.settlement;

import io.daifa.common.CborSerializable;

/**
 * Running figures of a settlement, for the whole cycle, one shop or one agency. Money in fen,
 * points in hundredths. {@code base} is the settlement base of the settled lines; the shop's net is
 * what remains of it after the payment and technical service fees. {@code commission} is what shops
 * earned on the market products they picked, {@code clawedCommission} what refunds after an earlier
 * settlement took back.
 */
public record SettlementTotals(
    long settledLines,
    long base,
    long paymentFee,
    long serviceFee,
    long cash,
    long points,
    long heldLines,
    long withheldLines,
    long deferredLines,
    long clawedLines,
    long clawedCash,
    long clawedPoints,
    long commission,
    long clawedCommission)
    implements CborSerializable {

  public static final SettlementTotals ZERO =
      new SettlementTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public long shopNet() {
    return base - paymentFee - serviceFee;
  }

  public SettlementTotals plus(SettlementTotals o) {
    return new SettlementTotals(
        Math.addExact(settledLines, o.settledLines),
        Math.addExact(base, o.base),
        Math.addExact(paymentFee, o.paymentFee),
        Math.addExact(serviceFee, o.serviceFee),
        Math.addExact(cash, o.cash),
        Math.addExact(points, o.points),
        Math.addExact(heldLines, o.heldLines),
        Math.addExact(withheldLines, o.withheldLines),
        Math.addExact(deferredLines, o.deferredLines),
        Math.addExact(clawedLines, o.clawedLines),
        Math.addExact(clawedCash, o.clawedCash),
        Math.addExact(clawedPoints, o.clawedPoints),
        Math.addExact(commission, o.commission),
        Math.addExact(clawedCommission, o.clawedCommission));
  }

  static SettlementTotals settled(long base, long paymentFee, long serviceFee, long commission) {
    return new SettlementTotals(
        1, base, paymentFee, serviceFee, 0, 0, 0, 0, 0, 0, 0, 0, commission, 0);
  }

  static SettlementTotals incentive(long cash, long points, boolean held, boolean withheld) {
    return new SettlementTotals(
        0, 0, 0, 0, cash, points, held ? 1 : 0, withheld ? 1 : 0, 0, 0, 0, 0, 0, 0);
  }

  static final SettlementTotals DEFERRED =
      new SettlementTotals(0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0);

  static SettlementTotals clawed(long cash, long points) {
    return new SettlementTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, cash, points, 0, 0);
  }

  /** A shop's commission taken back (its line counted among the clawed at the agency, if any). */
  static SettlementTotals clawedCommission(long commission, boolean countsLine) {
    return new SettlementTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, countsLine ? 1 : 0, 0, 0, 0, commission);
  }
}
