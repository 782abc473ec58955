package io.daifa.shop;

import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import java.util.List;
import java.util.Map;

/**
 * One order of an intake batch as routed: one dispatch per supplier, the other lines queued for
 * manual allocation. {@code fingerprint} tells a resend of this order from another order reusing
 * its ID. {@code commissionRates}: for each line of a market product the shop picked, sent to that
 * product's supplier, the commission rate in basis points the shop held when it routed the order
 * (SPEC §9); empty for most orders.
 */
public record RoutedOrder(
    Order order,
    long fingerprint,
    List<DropshipDispatch> dispatches,
    List<QueuedLine> queued,
    Map<String, Integer> commissionRates) {

  public RoutedOrder {
    dispatches = List.copyOf(dispatches);
    queued = List.copyOf(queued);
    commissionRates = Map.copyOf(commissionRates);
  }

  /** An order with no line of a picked market product. */
  public RoutedOrder(
      Order order, long fingerprint, List<DropshipDispatch> dispatches, List<QueuedLine> queued) {
    this(order, fingerprint, dispatches, queued, Map.of());
  }

  /** The answer to this order, and to every resend of it. */
  public OrderReceipt receipt() {
    return ShopState.receipt(order.orderId(), dispatches, queued);
  }
}
