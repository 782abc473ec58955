package io.daifa.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MarketIndexTest {

  private static final Instant AT = Instant.parse("2026-11-20T02:00:00Z");

  static Listing listing(
      String supplier, String spu, String title, String category, long price, int rateBp) {
    return new Listing(
        ProductId.of(supplier, spu),
        supplier,
        spu,
        title,
        category,
        Fen.of(price),
        BasisPoints.of(rateBp),
        "SUPPLIER",
        true,
        List.of(),
        false,
        AT,
        AT);
  }

  private static MarketQuery query(
      MarketSort sort, int limit, MarketCursor after, String... words) {
    return new MarketQuery(
        null, null, null, null, null, null, null, List.of(words), sort, after, limit);
  }

  private static List<String> ids(MarketIndex.Page page) {
    return page.products().stream().map(e -> e.listing().spuId()).toList();
  }

  @Test
  void shouldFilterByEveryCriterionAndMatchChineseWordsAsWritten() {
    MarketIndex index = new MarketIndex();
    index.put(listing("sup_a", "tee", "纯棉短袖T恤 男款", "apparel", 9_900, 1_000));
    index.put(listing("sup_a", "tea", "西湖龙井 明前茶 250g", "food", 25_800, 500));
    index.put(listing("sup_b", "mug", "Ceramic Tea Mug", "home", 3_900, 2_000));

    assertEquals(List.of("tee"), ids(index.search(query(MarketSort.PRICE, 10, null, "短袖"))));
    assertEquals(List.of("tee"), ids(index.search(query(MarketSort.PRICE, 10, null, "t恤"))));
    assertEquals(
        List.of("mug"), ids(index.search(query(MarketSort.PRICE, 10, null, "tea", "mug"))));
    assertEquals(List.of(), ids(index.search(query(MarketSort.PRICE, 10, null, "龙井", "mug"))));

    MarketQuery food =
        new MarketQuery(
            "food", null, null, null, null, null, null, List.of(), MarketSort.PRICE, null, 10);
    assertEquals(List.of("tea"), ids(index.search(food)));
    MarketQuery generous =
        new MarketQuery(
            null,
            null,
            BasisPoints.of(1_000),
            null,
            null,
            Fen.of(10_000),
            null,
            List.of(),
            MarketSort.PRICE,
            null,
            10);
    assertEquals(List.of("mug", "tee"), ids(index.search(generous)));
  }

  @Test
  void shouldSortBySalesPriceCommissionAndRateBestFirst() {
    MarketIndex index = new MarketIndex();
    index.put(listing("sup_a", "a", "A", "home", 1_000, 3_000)); // 300 fen per unit
    index.put(listing("sup_a", "b", "B", "home", 5_000, 1_000)); // 500 fen per unit
    index.put(listing("sup_a", "c", "C", "home", 2_000, 500)); // 100 fen per unit
    index.sales(
        Map.of(
            ProductId.of("sup_a", "c"),
            new ProductSales(40, null),
            ProductId.of("sup_a", "a"),
            new ProductSales(7, null)));

    assertEquals(List.of("c", "a", "b"), ids(index.search(query(MarketSort.SALES, 10, null))));
    assertEquals(List.of("a", "c", "b"), ids(index.search(query(MarketSort.PRICE, 10, null))));
    assertEquals(List.of("b", "a", "c"), ids(index.search(query(MarketSort.COMMISSION, 10, null))));
    assertEquals(
        List.of("a", "b", "c"), ids(index.search(query(MarketSort.COMMISSION_RATE, 10, null))));
  }

  @Test
  void shouldPageThroughEveryProductOnceWhateverTheTies() {
    MarketIndex index = new MarketIndex();
    Random random = new Random(7);
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      // Few distinct prices: most of the order is decided by the tie-break on the ID.
      index.put(
          listing("sup_" + (i % 13), "spu-" + i, "t", "home", 100 * (1 + random.nextInt(5)), 0));
      all.add(ProductId.of("sup_" + (i % 13), "spu-" + i));
    }
    List<String> seen = new ArrayList<>();
    MarketCursor after = null;
    long lastPrice = -1;
    do {
      MarketIndex.Page page = index.search(query(MarketSort.PRICE, 37, after));
      for (MarketIndex.Entry e : page.products()) {
        assertTrue(e.listing().price().value() >= lastPrice, "in order");
        lastPrice = e.listing().price().value();
        seen.add(e.listing().productId());
      }
      after = page.next() == null ? null : MarketCursor.decode(page.next().encode());
    } while (after != null);
    assertEquals(1_000, seen.size(), "no product twice");
    assertEquals(all, new HashSet<>(seen), "none skipped");
  }

  @Test
  void shouldDropADelistedProductAndKeepSalesThatArrivedBeforeTheirListing() {
    MarketIndex index = new MarketIndex();
    Listing mug = listing("sup_b", "mug", "Mug", "home", 3_900, 2_000);
    index.sales(Map.of(mug.productId(), new ProductSales(12, null)));
    index.put(mug);
    assertEquals(12, index.get(mug.productId()).sales());
    index.put(mug.withTerms(Fen.of(3_500), BasisPoints.of(2_000), false, AT.plusSeconds(1)));
    assertEquals(12, index.get(mug.productId()).sales(), "a change keeps the sales");
    assertEquals(3_500, index.get(mug.productId()).listing().price().value());
    index.put(mug.delistedAt(AT.plusSeconds(2)));
    assertNull(index.get(mug.productId()));
    assertEquals(0, index.search(MarketQuery.all(10)).products().size());
  }

  @Test
  void shouldRebuildWhatItScansAtMostOncePerStalenessPeriod() {
    MarketIndex index = new MarketIndex(java.time.Duration.ofHours(1), java.time.Clock.systemUTC());
    index.put(listing("sup_a", "a", "A", "home", 100, 0));
    assertEquals(List.of("a"), ids(index.search(MarketQuery.all(10))), "the first change is seen");
    index.put(listing("sup_a", "b", "B", "home", 100, 0));
    assertEquals(
        List.of("a"), ids(index.search(MarketQuery.all(10))), "within the hour: as it was");
    assertNotNull(index.get(ProductId.of("sup_a", "b")), "a lookup by ID is always current");
    MarketIndex fresh = new MarketIndex();
    fresh.put(listing("sup_a", "a", "A", "home", 100, 0));
    fresh.search(MarketQuery.all(10));
    fresh.put(listing("sup_a", "b", "B", "home", 100, 0));
    assertEquals(2, fresh.search(MarketQuery.all(10)).products().size());
  }

  @Test
  void shouldLetSalesSlideOutOfTheWindowOnDaysTheSupplierReportsNothing() {
    io.daifa.common.TestClock clock = new io.daifa.common.TestClock(AT);
    MarketIndex index = new MarketIndex(java.time.Duration.ZERO, clock);
    Listing tea = listing("sup_a", "tea", "Tea", "food", 100, 0);
    index.put(tea);
    long day = SalesTally.dayOf(AT);
    SalesTally tally =
        SalesTally.EMPTY.plus(Map.of("tea", 5), day - 20).plus(Map.of("tea", 3), day);
    index.sales(Map.of(tea.productId(), new ProductSales(8, tally.daysOf("tea"))));
    assertEquals(8, index.get(tea.productId()).sales());
    assertEquals(8, index.search(MarketQuery.all(1)).products().get(0).sales());
    clock.advance(java.time.Duration.ofDays(15)); // the first 5 are 35 days old now
    assertEquals(3, index.get(tea.productId()).sales());
    assertEquals(3, index.search(MarketQuery.all(1)).products().get(0).sales(), "searches too");
    clock.advance(java.time.Duration.ofDays(30));
    assertEquals(0, index.get(tea.productId()).sales());
  }

  @Test
  void shouldRefuseACursorThatIsNotOurs() {
    assertNull(MarketCursor.decode("not base64 !"));
    assertNull(MarketCursor.decode("c2FsZXN8MXxub3QtYS1wcm9kdWN0"));
    MarketCursor cursor = new MarketCursor(MarketSort.COMMISSION, -42, ProductId.of("sup_a", "x"));
    assertNotNull(MarketCursor.decode(cursor.encode()));
    assertEquals(cursor, MarketCursor.decode(cursor.encode()));
  }
}
