package io.daifa.readside;

import java.time.Instant;
import java.util.List;

/** A dropship order in a supplier's list. */
public record SupplierOrderRow(
    String orderId, String shopId, String status, List<String> lineIds, Instant updatedAt) {}
