package io.daifa.shop;

import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.routing.RouteDecision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One order of an intake batch as routed: one dispatch per supplier, the other lines queued for
 * manual allocation. {@code fingerprint} tells a resend of this order from another order reusing
 * its ID. {@code commissionRates}: for each line of a market product the shop picked, sent to that
 * product's supplier, the commission rate in basis points the shop held when it routed the order
 * (SPEC §9); empty for most orders. {@code decisions}: the rule that sent each dispatched line, in
 * the order of the dispatches and their lines; empty in orders routed before decisions were
 * recorded.
 */
public record RoutedOrder(
    Order order,
    long fingerprint,
    List<DropshipDispatch> dispatches,
    List<QueuedLine> queued,
    Map<String, Integer> commissionRates,
    List<RouteDecision> decisions) {

  public RoutedOrder {
    dispatches = List.copyOf(dispatches);
    queued = List.copyOf(queued);
    commissionRates = Map.copyOf(commissionRates);
    decisions = List.copyOf(decisions);
    if (!decisions.isEmpty() && decisions.size() != dispatchedLines(dispatches)) {
      throw new IllegalArgumentException("one decision per dispatched line of " + order.orderId());
    }
  }

  /** An order with no line of a picked market product, routed before decisions were recorded. */
  public RoutedOrder(
      Order order, long fingerprint, List<DropshipDispatch> dispatches, List<QueuedLine> queued) {
    this(order, fingerprint, dispatches, queued, Map.of(), List.of());
  }

  private static int dispatchedLines(List<DropshipDispatch> dispatches) {
    int count = 0;
    for (DropshipDispatch dispatch : dispatches) {
      count += dispatch.lines().size();
    }
    return count;
  }

  /** The decision of each dispatched line by its ID; empty if none were recorded. */
  public Map<String, RouteDecision> decisionsByLine() {
    if (decisions.isEmpty()) {
      return Map.of();
    }
    Map<String, RouteDecision> byLine = new HashMap<>();
    int i = 0;
    for (DropshipDispatch dispatch : dispatches) {
      for (OrderLine line : dispatch.lines()) {
        byLine.put(line.lineId(), decisions.get(i++));
      }
    }
    return byLine;
  }

  /** The answer to this order, and to every resend of it. */
  public OrderReceipt receipt() {
    return ShopState.receipt(order.orderId(), dispatches, queued);
  }
}
