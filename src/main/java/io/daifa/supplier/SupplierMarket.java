package io.daifa.supplier;

import io.daifa.common.CborSerializable;
import io.daifa.common.Persistent;
import io.daifa.market.Listing;
import io.daifa.market.MonthlyBook;
import io.daifa.market.SalesTally;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.OrderLine;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcollections.PSet;

/**
 * A supplier's part of the market and its figures, immutable: its listings by SPU, units sold per
 * listed SPU over 30 days (the market's "sales"), and its GMV and units per Shanghai month. The
 * figures are derived from the supplier's events as they apply (a delivery adds its lines, a
 * rejection takes them off again), so they cost no write of their own and a line counts once.
 *
 * @param published the sales figures last written for the market ({@code SalesTallied}), so that a
 *     new write is made only when they change
 */
public record SupplierMarket(
    Map<String, Listing> listings,
    SalesTally sales,
    MonthlyBook gmv,
    MonthlyBook units,
    Map<String, Long> published,
    Map<String, Set<String>> pickers)
    implements CborSerializable {

  public static final SupplierMarket EMPTY =
      new SupplierMarket(
          Map.of(), SalesTally.EMPTY, MonthlyBook.EMPTY, MonthlyBook.EMPTY, Map.of(), Map.of());

  public SupplierMarket {
    listings = Persistent.map(listings);
    published = Persistent.map(published);
    pickers = Persistent.map(pickers == null ? Map.of() : pickers);
  }

  /** The shops that picked the SPU's product: they hear of its commission rate changing. */
  public Set<String> pickersOf(String spuId) {
    Set<String> shops = pickers.get(spuId);
    return shops == null ? Set.of() : shops;
  }

  SupplierMarket withPicker(String spuId, String shopId) {
    PSet<String> shops = Persistent.set(pickersOf(spuId)).plus(shopId);
    return new SupplierMarket(
        listings, sales, gmv, units, published, Persistent.map(pickers).plus(spuId, shops));
  }

  SupplierMarket withListing(Listing listing) {
    return new SupplierMarket(
        Persistent.map(listings).plus(listing.spuId(), listing),
        sales,
        gmv,
        units,
        published,
        pickers);
  }

  SupplierMarket withPublished(Map<String, Long> figures) {
    return new SupplierMarket(
        listings, sales, gmv, units, Persistent.map(published).plusAll(figures), pickers);
  }

  /** Whether any line of {@code dispatches} is of a product listed in the market. */
  boolean listsAnyOf(List<DropshipDispatch> dispatches) {
    if (listings.isEmpty()) {
      return false;
    }
    for (DropshipDispatch dispatch : dispatches) {
      for (OrderLine line : dispatch.lines()) {
        if (listings.containsKey(line.spuId())) {
          return true;
        }
      }
    }
    return false;
  }

  /** New dispatches received at {@code at}: their lines add to the month of their payment. */
  SupplierMarket received(List<DropshipDispatch> dispatches, Instant at) {
    MonthlyBook.Delta gmvDelta = new MonthlyBook.Delta();
    MonthlyBook.Delta unitsDelta = new MonthlyBook.Delta();
    Map<String, Integer> listed = new HashMap<>();
    for (DropshipDispatch dispatch : dispatches) {
      String month = ShanghaiCalendar.monthKeyOf(dispatch.paidAt());
      for (OrderLine line : dispatch.lines()) {
        gmvDelta.add(month, line.spuId(), line.userPaid().value());
        unitsDelta.add(month, line.spuId(), line.quantity());
        if (listings.containsKey(line.spuId())) {
          listed.merge(line.spuId(), line.quantity(), Integer::sum);
        }
      }
    }
    return new SupplierMarket(
        listings,
        sales.plus(listed, SalesTally.dayOf(at)),
        gmv.plus(gmvDelta),
        units.plus(unitsDelta),
        published,
        pickers);
  }

  /**
   * Lines this supplier rejected: they leave its GMV and units (they go back to the shop, which may
   * send them to another supplier). The 30-day sales keep them: they measure demand.
   */
  SupplierMarket rejected(List<OrderLine> lines, Instant paidAt) {
    String month = ShanghaiCalendar.monthKeyOf(paidAt);
    MonthlyBook.Delta gmvDelta = new MonthlyBook.Delta();
    MonthlyBook.Delta unitsDelta = new MonthlyBook.Delta();
    for (OrderLine line : lines) {
      gmvDelta.add(month, line.spuId(), -line.userPaid().value());
      unitsDelta.add(month, line.spuId(), -line.quantity());
    }
    return new SupplierMarket(
        listings, sales, gmv.plus(gmvDelta), units.plus(unitsDelta), published, pickers);
  }

  /** The sales figures of the listed SPUs as of {@code day} that differ from those published. */
  public Map<String, Long> unpublished(long day) {
    Map<String, Long> changed = new HashMap<>();
    sales
        .figures(listings.keySet(), day)
        .forEach(
            (spuId, units) -> {
              if (!units.equals(published.getOrDefault(spuId, 0L))) {
                changed.put(spuId, units);
              }
            });
    return changed;
  }
}
