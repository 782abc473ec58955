package io.daifa.http;

import io.daifa.common.Outcome;
import io.daifa.order.OrderStatus;
import io.daifa.shop.OrderReceipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts orders taken in by outcome: allocated whole, partly or wholly manual, or refused. */
public final class OrderMetrics {

  private final Counter allocated;
  private final Counter manual;
  private final Counter refused;

  public OrderMetrics(MeterRegistry registry) {
    this.allocated = counter(registry, "allocated");
    this.manual = counter(registry, "manual");
    this.refused = counter(registry, "refused");
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("daifa.orders.routed")
        .description("Orders taken in, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  public void routed(Outcome<OrderReceipt> outcome) {
    if (outcome instanceof Outcome.Done<OrderReceipt> done) {
      (done.value().status() == OrderStatus.ALLOCATED ? allocated : manual).increment();
    } else {
      refused.increment();
    }
  }
}
