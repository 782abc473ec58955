package io.daifa.supplier;

/**
 * A supplier's month as shops see it before they bind or pick: what it was sent and did, rates in
 * basis points, average times in minutes since a line reached it (null without such lines), the
 * penalties in hundredths of a star, and the stars (null when the month has too few lines to rate).
 */
public record Scorecard(
    String supplierId,
    String month,
    long lines,
    long accepted,
    long shipped,
    long delivered,
    long rejectRateBp,
    long refundRateBp,
    long disputeRateBp,
    Long onTimeDeliveryBp,
    Long averageAcceptMinutes,
    Long averageShipMinutes,
    Penalties penalties,
    Double stars) {

  /** What each figure took off the five stars, in hundredths of a star. */
  public record Penalties(
      long rejects,
      long refunds,
      long disputes,
      long lateAccept,
      long lateShip,
      long lateDelivery) {

    public long total() {
      return rejects + refunds + disputes + lateAccept + lateShip + lateDelivery;
    }
  }
}
