package io.daifa.readside;

import java.time.Instant;
import java.util.List;

/** A dropship order in a supplier's list. */
public record SupplierOrderRow(
    String orderId, String shopId, String status, List<String> lineIds, Instant updatedAt) {

  /** A page of the list, and where the next begins (null: the list ends here). */
  public record Page(List<SupplierOrderRow> orders, SupplierOrderCursor next) {}
}
