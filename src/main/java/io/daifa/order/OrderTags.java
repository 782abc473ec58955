package io.daifa.order;

import java.util.Set;

/**
 * The tags the order projection reads. Events that change an order line are tagged with one of a
 * fixed number of slices, so that several projection instances share the work, by entity ID (the
 * projection settles on the latest state whatever the order its instances see events in). A shop's
 * batch of new orders is no longer tagged: the shop hands it to the read side itself ({@code
 * io.daifa.shop.ShopReadFeed}); batches written before that were tagged by their first order, so
 * that one hot shop's intake spread over every slice. Events the read side does not need are not
 * tagged, because a tag costs a second write, on the answer's path. The number of slices must never
 * change once events are tagged.
 */
public final class OrderTags {

  public static final int SLICES = 4;

  private OrderTags() {}

  public static String tag(int slice) {
    return "orders-" + slice;
  }

  public static Set<String> forEntity(String entityId) {
    return forKey(entityId);
  }

  /**
   * The slice of a shop's batch of new orders as tagged before the direct feed: by its first order.
   */
  public static Set<String> forBatch(String firstOrderId) {
    return forKey(firstOrderId);
  }

  private static Set<String> forKey(String key) {
    return Set.of(tag(Math.floorMod(key.hashCode(), SLICES)));
  }
}
