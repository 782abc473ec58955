package io.daifa.readside;

import io.daifa.order.OrderStatus;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Queries of the read side (tables kept by {@link OrderProjectionHandler}). */
public interface OrderReads {

  CompletionStage<List<OrderLineRow>> linesOf(String orderId);

  /** A page of the supplier's orders after {@code after} (exclusive, null for the first page). */
  CompletionStage<List<SupplierOrderRow>> supplierOrders(
      String supplierId, OrderStatus status, String after, int limit);
}
