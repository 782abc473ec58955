package io.daifa.settlement;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.OrderStatus;
import java.time.Instant;

/**
 * An order line as the settlement reads it from the read side: where it stands, who sold it, and
 * its amounts. {@code agencyId} is null for a line no promoter sold; {@code settledCycle} is null
 * until a settlement settles it; {@code commissionRate} is the shop's commission on a line of a
 * market product it picked (SPEC §9), zero on other lines.
 */
public record LineFacts(
    String orderId,
    String lineId,
    String shopId,
    String agencyId,
    String buyerId,
    OrderStatus status,
    Instant paidAt,
    Fen userPaid,
    Fen base,
    BasisPoints feeRate,
    String trackingNo,
    String settledCycle,
    BasisPoints commissionRate) {

  public LineFacts {
    commissionRate = commissionRate == null ? BasisPoints.ZERO : commissionRate;
  }

  /**
   * Whether the shop's routing event, the one that carries the line's buyer, agency and amounts, is
   * on the read side yet. The supplier's later events (the receipt) are projected by another
   * projection instance and can arrive first: such a line shows RECEIVED with no amounts, and
   * settling it would pay nothing.
   */
  public boolean routingProjected() {
    return paidAt != null;
  }
}
