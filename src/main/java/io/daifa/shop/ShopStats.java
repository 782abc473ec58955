package io.daifa.shop;

import io.daifa.common.CborSerializable;
import io.daifa.market.MonthlyBook;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shop's GMV (buyers' paid amount, in fen) for one Shanghai month, in all and per supplier
 * shipping it; {@code unallocated}: lines in the manual queue or routed to no supplier yet. Counted
 * once per line as orders are routed, a line moving when it is dispatched by hand or returned by a
 * supplier.
 */
public record ShopStats(
    String shopId, String month, long gmv, Map<String, Long> bySupplier, long unallocated)
    implements CborSerializable {

  static ShopStats of(String shopId, String month, MonthlyBook book) {
    MonthlyBook.Month figures = book.month(month);
    Map<String, Long> bySupplier = new TreeMap<>(figures.byKey());
    long allocated = bySupplier.values().stream().mapToLong(Long::longValue).sum();
    return new ShopStats(shopId, month, figures.total(), bySupplier, figures.total() - allocated);
  }
}
