package io.daifa.order;

import java.util.Set;

/**
 * The tags the order projection reads. Events that change an order line are tagged with one of a
 * fixed number of slices, chosen by entity ID, so that several projection instances share the work;
 * events the read side does not need are not tagged, because a tag costs a second write. The number
 * of slices must never change once events are tagged.
 */
public final class OrderTags {

  public static final int SLICES = 4;

  private OrderTags() {}

  public static String tag(int slice) {
    return "orders-" + slice;
  }

  public static Set<String> forEntity(String entityId) {
    return Set.of(tag(Math.floorMod(entityId.hashCode(), SLICES)));
  }
}
