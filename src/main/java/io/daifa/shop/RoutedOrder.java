package io.daifa.shop;

import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import java.util.List;

/**
 * One order of an intake batch as routed: one dispatch per supplier, the other lines queued for
 * manual allocation. {@code fingerprint} tells a resend of this order from another order reusing
 * its ID.
 */
public record RoutedOrder(
    Order order, long fingerprint, List<DropshipDispatch> dispatches, List<QueuedLine> queued) {

  public RoutedOrder {
    dispatches = List.copyOf(dispatches);
    queued = List.copyOf(queued);
  }

  /** The answer to this order, and to every resend of it. */
  public OrderReceipt receipt() {
    return ShopState.receipt(order.orderId(), dispatches, queued);
  }
}
