package io.daifa.http;

import io.daifa.account.AccountRole;
import io.daifa.common.Outcome;
import io.daifa.order.Order;
import io.daifa.shop.OrderReceipt;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Taking in one validated order, the same for single requests and streams. */
final class OrderIntake {

  private final Entities entities;
  private final OrderMetrics metrics;

  OrderIntake(Entities entities, OrderMetrics metrics) {
    this.entities = entities;
    this.metrics = metrics;
  }

  /**
   * The order's outcome once stored, waiting at most {@code patience} (for its shop's share of
   * intake too, if {@code waitsForShare}); an unknown shop fails with a problem naming {@code
   * shopId}.
   */
  CompletionStage<Outcome<OrderReceipt>> take(
      Order order, Duration patience, boolean waitsForShare) {
    Problem unknownShop = Problem.invalid("shopId", "no shop has the ID " + order.shopId());
    return entities
        .requireAccount(order.shopId(), AccountRole.SHOP, unknownShop)
        .thenCompose(shop -> entities.ingest(order, patience, waitsForShare))
        .thenApply(
            outcome -> {
              metrics.routed(outcome);
              return outcome;
            });
  }
}
