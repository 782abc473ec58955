package io.daifa.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.OrderValidation.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Product IDs, listing rules, the 30-day tally, the monthly book and the shipped taxonomy. */
class MarketPiecesTest {

  private static final MarketTaxonomy TAXONOMY = MarketTaxonomy.load(Path.of("conf/market.conf"));

  @Test
  void shouldTellTheSupplierAndSpuFromAProductId() {
    String id = ProductId.of("sup_j3n3lcxnp4b2cjytuxjt", "spu.7:a-b");
    assertEquals("prd_j3n3lcxnp4b2cjytuxjt.spu.7:a-b", id);
    assertEquals("sup_j3n3lcxnp4b2cjytuxjt", ProductId.supplierOf(id));
    assertEquals("spu.7:a-b", ProductId.spuOf(id));
    for (String bad :
        new String[] {"", "prd_", "prd_.x", "prd_abc", "xyz_abc.x", "prd_a/b.x", "prd_a.", null}) {
      assertFalse(ProductId.isValid(bad), bad);
      assertNull(ProductId.supplierOf(bad));
    }
  }

  private static ListingDraft draft(String title, long price, int rate, String category) {
    return new ListingDraft(
        "spu-1",
        title,
        category,
        Fen.of(price),
        BasisPoints.of(rate),
        "JD",
        true,
        List.of(new ListingSku("s1", Fen.of(price))));
  }

  private static List<String> fields(List<Violation> violations) {
    return violations.stream().map(Violation::field).toList();
  }

  @Test
  void shouldNameEveryFieldAListingGetsWrong() {
    assertEquals(List.of(), ListingRules.check(draft("纯棉T恤", 9_900, 1_500, "apparel"), TAXONOMY));
    assertEquals(
        List.of("title", "category", "price", "commissionRateBp", "skus[0].price"),
        fields(ListingRules.check(draft("a\u0007b", 0, 9_001, "weapons"), TAXONOMY)));
    assertEquals(
        List.of("title"),
        fields(ListingRules.check(draft("x".repeat(121), 100, 0, "food"), TAXONOMY)));
    assertEquals(
        List.of("title"),
        fields(ListingRules.check(draft("bidi\u202Eoverride", 100, 0, "food"), TAXONOMY)));
    assertEquals(List.of("body"), fields(ListingRules.check(new ListingChange(null, null, null))));
    assertEquals(
        List.of("price"),
        fields(ListingRules.check(new ListingChange(Fen.of(100_000_001L), null, null))));
  }

  @Test
  void shouldCountSalesOverTheLastThirtyDaysOnly() {
    SalesTally tally = SalesTally.EMPTY.plus(Map.of("a", 3, "b", 1), 100);
    tally = tally.plus(Map.of("a", 2), 101);
    assertEquals(5, tally.unitsOf("a", 101));
    assertEquals(5, tally.unitsOf("a", 129), "day 100 is still within 30 days of 129");
    assertEquals(2, tally.unitsOf("a", 130), "day 100 has left the window");
    assertEquals(0, tally.unitsOf("a", 131));
    SalesTally later = tally.plus(Map.of("a", 7), 130); // reuses day 100's slot
    assertEquals(9, later.unitsOf("a", 130));
    assertEquals(9, later.plus(Map.of("a", 50), 99).unitsOf("a", 130), "too old: ignored");
    assertEquals(5, tally.unitsOf("a", 101), "the tally it came from is unchanged");
  }

  @Test
  void shouldKeepTheLastThirteenMonthsAndMoveAmountsBetweenKeys() {
    MonthlyBook book = MonthlyBook.EMPTY;
    for (int m = 1; m <= 15; m++) {
      book = book.plus(new MonthlyBook.Delta().add(String.format("2025-%02d", m % 12 + 1), "s", m));
    }
    assertEquals(12, book.months().size(), "12 distinct month keys written");
    book =
        MonthlyBook.EMPTY.plus(
            new MonthlyBook.Delta().add("2026-11", "sup_a", 500).add("2026-11", null, 300));
    assertEquals(800, book.month("2026-11").total());
    book = book.plus(new MonthlyBook.Delta().shiftKey("2026-11", "sup_b", 300));
    assertEquals(800, book.month("2026-11").total(), "a dispatch by hand moves, not adds");
    assertEquals(Map.of("sup_a", 500L, "sup_b", 300L), book.month("2026-11").byKey());
    book = book.plus(new MonthlyBook.Delta().shiftKey("2026-11", "sup_b", -300));
    assertEquals(Map.of("sup_a", 500L), book.month("2026-11").byKey(), "a zero share leaves");
    assertEquals(0, book.month("2026-10").total());
  }

  @Test
  void shouldDropTheOldestMonthsBeyondThirteen() {
    MonthlyBook book = MonthlyBook.EMPTY;
    for (int m = 0; m < 20; m++) {
      String month = java.time.YearMonth.of(2025, 1).plusMonths(m).toString();
      book = book.plus(new MonthlyBook.Delta().add(month, null, 1));
    }
    assertEquals(MonthlyBook.MONTHS, book.months().size());
    assertEquals(0, book.month("2025-07").total());
    assertEquals(1, book.month("2025-08").total());
  }

  @Test
  void shouldShipCategoriesAndPlatformsAndRefuseDuplicates() {
    assertTrue(TAXONOMY.isCategory("apparel"));
    assertTrue(TAXONOMY.isSourcePlatform("PINDUODUO"));
    assertFalse(TAXONOMY.isCategory("APPAREL"));
    var twice =
        ConfigFactory.parseString(
            "daifa.market { categories = [{id=a,name=A},{id=a,name=B}], source-platforms ="
                + " [{id=S,name=S}] }");
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> MarketTaxonomy.parse(twice));
    assertTrue(e.getMessage().contains("names a twice"), e.getMessage());
  }

  @Test
  void shouldComputeTheCommissionPerUnitHalfUp() {
    Listing listing = MarketIndexTest.listing("sup_a", "x", "X", "home", 999, 1_250);
    assertEquals(125, listing.commissionPerUnit().value(), "999 × 12.5 % = 124.875 → 125");
  }
}
