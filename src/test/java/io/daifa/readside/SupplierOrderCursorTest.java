package io.daifa.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The supplier list's cursors go out as text in {@code next} and come back in {@code after}. */
class SupplierOrderCursorTest {

  @Test
  void everyCursorReadsBackFromItsText() {
    for (SupplierOrderCursor cursor :
        new SupplierOrderCursor[] {
          new SupplierOrderCursor.Row("o-1", null),
          new SupplierOrderCursor.Row("o-1", "shp_a"),
          new SupplierOrderCursor.Routed(1_764_806_400_123_456L, "shp_a", 42, 0),
          new SupplierOrderCursor.Routed(1L, "shp_b", 1, 17)
        }) {
      assertEquals(cursor, SupplierOrderCursor.parse(cursor.text()));
    }
  }

  @Test
  void aCursorOfAnEarlierReleaseIsAnOrderIdAndItsShop() {
    assertEquals(
        new SupplierOrderCursor.Row("o-9", "shp_c"), SupplierOrderCursor.parse("o-9~shp_c"));
  }

  @Test
  void aRoutedCursorNotWrittenHereIsRefused() {
    for (String text : new String[] {"@", "@1~2~3", "@x~2~3~shp", "@1~2~-1~shp", "@1~2~3.5~shp"}) {
      assertThrows(IllegalArgumentException.class, () -> SupplierOrderCursor.parse(text), text);
    }
  }
}
