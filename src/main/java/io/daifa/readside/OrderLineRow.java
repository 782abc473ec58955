package io.daifa.readside;

import io.daifa.order.Logistics;
import java.time.Instant;

/**
 * One order line as the read side knows it; {@code supplierId} is null while it is queued, {@code
 * receivedAt} until the buyer received it, {@code commissionRateBp} unless it is a line of a market
 * product the shop picked; {@code routing} how the line was routed, as recorded then; {@code
 * logistics} the carrier's latest report, null before one.
 */
public record OrderLineRow(
    String orderId,
    String lineId,
    String shopId,
    String supplierId,
    String status,
    String spuId,
    String skuId,
    int quantity,
    String carrier,
    String trackingNo,
    Instant updatedAt,
    Instant receivedAt,
    Integer commissionRateBp,
    LineRouting routing,
    Logistics logistics) {}
