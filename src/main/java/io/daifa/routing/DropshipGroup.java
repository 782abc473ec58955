package io.daifa.routing;

import io.daifa.order.OrderLine;
import java.util.List;

/** The lines of one order that one supplier ships: one dropship order (拆单). */
public record DropshipGroup(String supplierId, List<OrderLine> lines) {

  public DropshipGroup {
    lines = List.copyOf(lines);
  }

  public List<String> lineIds() {
    return lines.stream().map(OrderLine::lineId).toList();
  }
}
