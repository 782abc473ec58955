package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The suppliers' snapshots keep these hashes: a change would forget the dispatches they saw. */
class ShopScopedHashTest {

  @Test
  void theHashesOfAShopsIdNeverChange() {
    // As SeenDispatches computed them before the hash had a class of its own.
    assertEquals(-7086972885399335967L, ShopScopedHash.high("shop-1", "o-1"));
    assertEquals(7450021296152754836L, ShopScopedHash.low("shop-1", "o-1"));
    assertEquals(3766808718093298522L, ShopScopedHash.high("店铺", "订单-7"));
    assertEquals(208697882073684249L, ShopScopedHash.low("店铺", "订单-7"));
    assertEquals(2577360410843890735L, ShopScopedHash.high("", ""));
    assertEquals(-8936646686319375647L, ShopScopedHash.low("", ""));
  }

  @Test
  void theShopIsPartOfTheKey() {
    assertNotEquals(ShopScopedHash.high("s-1", "o-1"), ShopScopedHash.high("s-2", "o-1"));
    assertNotEquals(ShopScopedHash.low("s-1", "o-1"), ShopScopedHash.low("s-2", "o-1"));
  }
}
