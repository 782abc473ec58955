package io.daifa.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.wire.PromotedOrdersCell.Promoted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PromotedOrderIndexTest {

  private static final Instant HOUR = Instant.parse("2026-11-10T16:00:00Z");

  private static Promoted order(String buyer, int second, String shop, String order) {
    return new Promoted(buyer, HOUR.plusSeconds(second), shop, order);
  }

  @Test
  void countsABuyersOrdersBetweenTwoInstantsBothIncluded() {
    PromotedOrderIndex index =
        PromotedOrderIndex.of(
            List.of(
                order("b-1", 600, "s", "o-3"),
                order("b-1", 0, "s", "o-1"),
                order("b-2", 300, "s", "o-9"),
                order("b-1", 300, "s", "o-2"),
                order("b-1", 1200, "s", "o-4")));
    assertEquals(3, index.count("b-1", HOUR, HOUR.plusSeconds(600)));
    assertEquals(2, index.count("b-1", HOUR.plusMillis(1), HOUR.plusSeconds(600)));
    assertEquals(1, index.count("b-1", HOUR.plusSeconds(600), HOUR.plusSeconds(1199)));
    assertEquals(1, index.count("b-2", HOUR, HOUR.plusSeconds(3600)));
    assertEquals(0, index.count("b-3", HOUR, HOUR.plusSeconds(3600)));
    assertEquals(5, index.size());
  }

  @Test
  void anOrderWrittenInTwoRowsCountsOnceAndOrdersOfTwoShopsWithOneIdTwice() {
    PromotedOrderIndex index =
        PromotedOrderIndex.of(
            List.of(
                order("b-1", 10, "s-1", "o-1"),
                order("b-1", 10, "s-1", "o-1"),
                order("b-1", 20, "s-2", "o-1")));
    assertEquals(2, index.count("b-1", HOUR, HOUR.plusSeconds(60)));
    assertEquals(2, index.size());
  }

  /** The count a scan of every order gives, over seeded random hours and windows. */
  @Test
  void agreesWithCountingEveryOrder() {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      List<Promoted> orders = new ArrayList<>();
      int n = random.nextInt(300);
      for (int i = 0; i < n; i++) {
        orders.add(
            new Promoted(
                "b-" + random.nextInt(12),
                HOUR.plusMillis(random.nextInt(3_600_000)),
                "s-" + random.nextInt(3),
                "o-" + i));
      }
      // Groups projected again: some orders written twice.
      for (int i = 0; i < n / 4; i++) {
        orders.add(orders.get(random.nextInt(n)));
      }
      PromotedOrderIndex index = PromotedOrderIndex.of(orders);
      for (int q = 0; q < 20; q++) {
        String buyer = "b-" + random.nextInt(13);
        Instant from = HOUR.plusMillis(random.nextInt(3_600_000));
        Instant to = from.plusMillis(random.nextInt(1_200_000));
        long expected =
            orders.stream()
                .filter(o -> o.buyerId().equals(buyer))
                .filter(o -> !o.paidAt().isBefore(from) && !o.paidAt().isAfter(to))
                .map(o -> o.shopId() + "/" + o.orderId())
                .distinct()
                .count();
        assertEquals(expected, index.count(buyer, from, to), "round " + round + " query " + q);
      }
    }
  }
}
