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
   * A page of the supplier's orders (those with {@code status}, or all if null) after {@code after}
   * (exclusive, null for the first page); the page may hold fewer than {@code limit} orders and
   * still have a next one ({@link SupplierOrderList}).
   */
  CompletionStage<SupplierOrderRow.Page> supplierOrders(
      String supplierId, OrderStatus status, SupplierOrderCursor after, int limit);

  /** The shops whose order {@code orderId} this supplier holds (usually one, or none). */
  CompletionStage<List<String>> shopsOf(String supplierId, String orderId);
}
