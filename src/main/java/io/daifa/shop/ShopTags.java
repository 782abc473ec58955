package io.daifa.shop;

import io.daifa.order.OrderTags;
import java.util.Set;

/** The tags of a shop's events, which decide the readers that see them. */
final class ShopTags {

  private ShopTags() {}

  /**
   * Only the events that change order lines feed the read side, and routed batches reach it without
   * a tag ({@link ShopReadFeed}) unless written before the shops fed it themselves.
   */
  static Set<String> of(String shopId, ShopEvent event) {
    if (event instanceof ShopEvent.OrdersRouted batch) {
      return batch.fedDirectly()
          ? Set.of()
          : OrderTags.forBatch(batch.orders().get(0).order().orderId());
    }
    return event instanceof ShopEvent.OrderRouted
            || event instanceof ShopEvent.QueuedLineDispatched
            || event instanceof ShopEvent.LinesReturned
            || event instanceof ShopEvent.QueuedLinesRefunded
        ? OrderTags.forEntity(shopId)
        : Set.of();
  }
}
