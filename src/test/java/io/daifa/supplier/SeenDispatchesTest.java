package io.daifa.supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daifa.common.DedupWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeenDispatchesTest {

  private static final Duration WINDOW = Duration.ofHours(72);
  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aDispatchIsKnownByItsShopAndID() {
    SeenDispatches seen = SeenDispatches.of(WINDOW);
    seen.add("shp_a", "d1", T0);
    assertTrue(seen.contains("shp_a", "d1"));
    assertFalse(seen.contains("shp_b", "d1"), "dispatch IDs are per shop");
    assertFalse(seen.contains("shp_a", "d2"));
    // the split between shop and dispatch ID is part of the key
    seen.add("shp_a", "d12", T0);
    assertFalse(seen.contains("shp_ad", "12"));
    assertEquals(2, seen.size());
  }

  @Test
  void aDispatchIsRememberedForOneWindowAtLeastAndTwoAtMost() {
    SeenDispatches seen = SeenDispatches.of(WINDOW);
    seen.add("shp_a", "d1", T0);
    seen.add("shp_a", "d2", T0.plus(WINDOW).plusSeconds(1)); // rotates: d1 now in the previous
    assertTrue(seen.contains("shp_a", "d1"));
    seen.add("shp_a", "d3", T0.plus(WINDOW.multipliedBy(2)).plusSeconds(2)); // rotates again
    assertFalse(seen.contains("shp_a", "d1"), "older than two windows");
    assertTrue(seen.contains("shp_a", "d2"));
    seen.add("shp_a", "d4", T0.plus(WINDOW.multipliedBy(5)));
    assertFalse(seen.contains("shp_a", "d3"), "a gap of two windows forgets both generations");
    assertEquals(1, seen.size());
  }

  @Test
  void aCopyDoesNotSeeLaterDispatches() {
    SeenDispatches seen = SeenDispatches.of(WINDOW);
    seen.add("shp_a", "d1", T0);
    SeenDispatches copy = seen.copy();
    seen.add("shp_a", "d2", T0);
    assertFalse(copy.contains("shp_a", "d2"));
    assertNotEquals(seen, copy);
    copy.add("shp_a", "d2", T0);
    assertEquals(seen, copy);
  }

  @Test
  void theSnapshotFormRoundTrips() {
    SeenDispatches seen = SeenDispatches.of(WINDOW);
    for (int i = 0; i < 1_000; i++) {
      seen.add("shp_" + i % 7, "d" + i, T0.plusSeconds(i * 600L));
    }
    JsonNode form = JSON.valueToTree(seen);
    SeenDispatches back = SeenDispatches.fromJson(form);
    assertEquals(seen, back);
    assertTrue(back.contains("shp_5", "d999"));
    assertFalse(back.contains("shp_1", "d1"), "older than two windows at the last dispatch");
  }

  @Test
  void readsTheFormBeforeIt_aWindowOfShopSlashDispatchKeys() {
    DedupWindow<Boolean> old =
        DedupWindow.<Boolean>of(WINDOW)
            .plus("shp_a/d1", true, T0)
            .plus("shp_b/d7", true, T0.plus(WINDOW).plusSeconds(1));
    SeenDispatches back = SeenDispatches.fromJson(JSON.valueToTree(old));

    SeenDispatches expected = SeenDispatches.of(WINDOW);
    expected.add("shp_a", "d1", T0);
    expected.add("shp_b", "d7", T0.plus(WINDOW).plusSeconds(1));
    assertEquals(expected, back);
    assertTrue(back.contains("shp_a", "d1"));
    assertTrue(back.contains("shp_b", "d7"));
    assertEquals(2, back.size());
  }
}
