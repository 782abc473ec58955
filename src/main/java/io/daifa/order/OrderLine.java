package io.daifa.order;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;

/**
 * One line of a paid order. The four amounts make up the settlement base (SPEC §6); {@code
 * feeRateBp} is the technical service fee rate of the product's category.
 */
public record OrderLine(
    String lineId,
    String spuId,
    String skuId,
    int quantity,
    Fen userPaid,
    Fen paymentSubsidy,
    Fen influencerDiscount,
    Fen platformDiscount,
    BasisPoints feeRateBp) {

  /** User paid + payment subsidy + influencer discount + platform discount. */
  public Fen settlementBase() {
    return userPaid.plus(paymentSubsidy).plus(influencerDiscount).plus(platformDiscount);
  }
}
