package io.daifa.routing;

import io.daifa.order.OrderLine;

/** A line that could not be allocated automatically, with the reason. */
public record ManualLine(OrderLine line, ManualReason reason) {}
