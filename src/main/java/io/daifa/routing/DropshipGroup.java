package io.daifa.routing;

import io.daifa.order.OrderLine;
import java.util.List;

/**
 * The lines of one order that one supplier ships: one dropship order (拆单), with the decision of the
 * rule that sent each line here (same order as the lines).
 */
public record DropshipGroup(
    String supplierId, List<OrderLine> lines, List<RouteDecision> decisions) {

  public DropshipGroup {
    lines = List.copyOf(lines);
    decisions = List.copyOf(decisions);
    if (decisions.size() != lines.size()) {
      throw new IllegalArgumentException("one decision per line");
    }
  }

  public List<String> lineIds() {
    return lines.stream().map(OrderLine::lineId).toList();
  }
}
