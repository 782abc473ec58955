package io.daifa.supplier;

import io.daifa.common.CborSerializable;
import io.daifa.market.MonthlyBook;
import java.util.Map;
import java.util.TreeMap;

/**
 * A supplier's figures for one Shanghai month: the GMV (buyers' paid amount) and units of the lines
 * it received and did not reject, in all and per SPU, counted as dispatches arrived.
 */
public record SupplierStats(
    String supplierId, String month, long gmv, long units, Map<String, Product> products)
    implements CborSerializable {

  public record Product(long gmv, long units) {}

  static SupplierStats of(String supplierId, String month, SupplierMarket market) {
    MonthlyBook.Month gmv = market.gmv().month(month);
    MonthlyBook.Month units = market.units().month(month);
    Map<String, Product> products = new TreeMap<>();
    gmv.byKey().forEach((spu, fen) -> products.put(spu, new Product(fen, 0)));
    units
        .byKey()
        .forEach(
            (spu, count) ->
                products.merge(
                    spu, new Product(0, count), (a, b) -> new Product(a.gmv(), b.units())));
    return new SupplierStats(supplierId, month, gmv.total(), units.total(), products);
  }
}
