package io.daifa.settlement;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.OrderStatus;
import java.time.Instant;

/**
 * An order line as the settlement reads it from the read side: where it stands, who sold it, and
 * its amounts. {@code agencyId} is null for a line no promoter sold; {@code settledCycle} is null
 * until a settlement settles it.
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
    String settledCycle) {

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
