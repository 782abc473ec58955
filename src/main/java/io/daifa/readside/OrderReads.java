package io.daifa.readside;

import io.daifa.order.OrderStatus;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Queries of the read side (tables kept by {@link OrderProjectionHandler}). */
public interface OrderReads {

  /**
   * The lines of every shop's order with this ID that the read side knows whole: a line shows once
   * the shop's routing of it is projected, even if a supplier's later event was projected first.
   */
  CompletionStage<List<OrderLineRow>> linesOf(String orderId);

  /**
   * A page of the supplier's orders, in order of order ID and shop, after {@code after} (exclusive,
   * null for the first page).
   */
  CompletionStage<List<SupplierOrderRow>> supplierOrders(
      String supplierId, OrderStatus status, SupplierOrderRow.Cursor after, int limit);

  /** The shops whose order {@code orderId} this supplier holds (usually one, or none). */
  CompletionStage<List<String>> shopsOf(String supplierId, String orderId);
}
