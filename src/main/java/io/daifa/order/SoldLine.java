package io.daifa.order;

import java.time.Instant;

/**
 * An order line with what its order says about the sale: the buyer, the promoter's agency (null if
 * none sold it), when it was paid, and the shop's commission rate on it if it is a line of a market
 * product the shop picked (null otherwise). None of it changes once the order is routed.
 */
public record SoldLine(
    OrderLine line, String buyerId, String agencyId, Instant paidAt, Integer commissionRateBp) {}
