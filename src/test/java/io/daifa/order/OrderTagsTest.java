package io.daifa.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderTagsTest {

  @Test
  void oneShopsBatchesSpreadOverEverySliceWhileAnEntityKeepsOne() {
    Map<String, Integer> batchesPerTag = new HashMap<>();
    for (int batch = 0; batch < 4_000; batch++) {
      for (String tag : OrderTags.forBatch("wx-" + (1_000_000 + batch * 37))) {
        batchesPerTag.merge(tag, 1, Integer::sum);
      }
    }
    assertEquals(OrderTags.SLICES, batchesPerTag.size(), batchesPerTag.toString());
    batchesPerTag.values().forEach(n -> assertTrue(n > 700, batchesPerTag.toString()));

    Set<String> shop = OrderTags.forEntity("shp_hot");
    assertEquals(1, shop.size());
    assertEquals(shop, OrderTags.forEntity("shp_hot"), "an entity's own events stay in one slice");
  }
}
