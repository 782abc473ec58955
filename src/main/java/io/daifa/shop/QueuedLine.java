package io.daifa.shop;

import io.daifa.order.OrderLine;
import io.daifa.routing.ManualReason;
import java.time.Instant;

/** A line waiting in the shop's manual allocation queue, with what is needed to dispatch it. */
public record QueuedLine(
    String orderId, String agencyId, Instant paidAt, OrderLine line, ManualReason reason) {

  public String lineId() {
    return line.lineId();
  }
}
