package io.daifa.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The product-route table answers exactly as the map it was copied from. */
class SpuRoutesTest {

  @Test
  void shouldAnswerEveryLookupAsTheMapItCopies() {
    Random random = new Random(7);
    for (int size : new int[] {0, 1, 2, 3, 17, 1_000, 40_000}) {
      Map<String, String> routes = new HashMap<>();
      while (routes.size() < size) {
        // Sequential IDs (neighbouring hashes) and random ones.
        String spu = random.nextBoolean() ? "spu-" + routes.size() : "x" + random.nextLong();
        routes.put(spu, "sup_" + random.nextInt(8));
      }
      Map<String, String> table = SpuRoutes.copyOf(routes);
      assertEquals(routes, table, "size " + size);
      assertEquals(table, routes, "size " + size);
      assertEquals(routes.hashCode(), table.hashCode());
      for (String spu : routes.keySet()) {
        assertEquals(routes.get(spu), table.get(new String(spu)), spu);
        assertTrue(table.containsKey(spu));
      }
      for (int i = 0; i < 1_000; i++) {
        String absent = "absent-" + i;
        assertNull(table.get(absent));
        assertFalse(table.containsKey(absent));
      }
      assertNull(table.get(42), "not a string");
    }
  }

  @Test
  void shouldKeepHashCollidingIdsApart() {
    // "Aa" and "BB" have the same String.hashCode, and so do their concatenations.
    Map<String, String> routes = Map.of("AaAa", "sup_1", "BBBB", "sup_2", "AaBB", "sup_3");
    Map<String, String> table = SpuRoutes.copyOf(routes);
    assertEquals("sup_1", table.get("AaAa"));
    assertEquals("sup_2", table.get("BBBB"));
    assertEquals("sup_3", table.get("AaBB"));
    assertNull(table.get("BBAa"));
  }

  @Test
  void shouldBeImmutableRefuseNullsAndNotCopyItself() {
    Map<String, String> table = SpuRoutes.copyOf(Map.of("spu-1", "sup_1"));
    assertThrows(UnsupportedOperationException.class, () -> table.put("spu-2", "sup_2"));
    assertThrows(UnsupportedOperationException.class, () -> table.remove("spu-1"));
    assertThrows(
        UnsupportedOperationException.class, () -> table.entrySet().iterator().next().setValue(""));
    assertSame(table, SpuRoutes.copyOf(table));
    Map<String, String> withNull = new HashMap<>();
    withNull.put("spu-1", null);
    assertThrows(NullPointerException.class, () -> SpuRoutes.copyOf(withNull));
  }
}
