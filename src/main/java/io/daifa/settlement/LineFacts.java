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
    String settledCycle) {}
