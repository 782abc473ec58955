package io.daifa.settlement;

import java.time.Instant;

/**
 * One row of a settlement's work tables: a line, and for a carried line why it was carried ({@code
 * DEFERRED} or {@code HELD}), for a refund claim when the refund happened.
 */
public record WorkRow(
    String orderId, String shopId, String lineId, String carriedAs, Instant refundedAt) {}
