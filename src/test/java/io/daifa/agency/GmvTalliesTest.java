package io.daifa.agency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.money.Fen;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GmvTalliesTest {

  private static final Instant PAID = Instant.parse("2026-11-11T02:00:00Z");

  private static AgencyEntity.ShopBatch batch(long seqNr, String orderId, long... amounts) {
    List<AgencyEntity.PaidLine> lines =
        IntStream.range(0, amounts.length)
            .mapToObj(i -> new AgencyEntity.PaidLine(Integer.toString(i + 1), Fen.of(amounts[i])))
            .toList();
    return new AgencyEntity.ShopBatch(
        "shp_1", 1, seqNr, List.of(new AgencyEntity.PaidOrder(orderId, PAID, lines)));
  }

  /** An agency whose journal from before tallies counted line 1 of shp_1's order o-1. */
  private static AgencyState upgradedWithLine1OfO1Counted() {
    return AgencyState.empty(Duration.ofHours(72))
        .apply(
            new AgencyEvent.GmvCredited(
                "agy_1", "shp_1", "o-1", List.of("1"), Fen.of(100), "2026-11", PAID));
  }

  /**
   * After an upgrade the feed may read again an order the agency counted line by line before
   * (journals from before tallies): those lines are not counted twice, the order's other lines are.
   */
  @Test
  void shouldLeaveOutLinesAJournalFromBeforeTalliesCounted() {
    AgencyState upgraded = upgradedWithLine1OfO1Counted();

    List<BatchTally> tallies = GmvTallies.of(upgraded, List.of(batch(7, "o-1", 100, 40)));

    assertEquals(List.of(new BatchTally("shp_1", 1, 7, Map.of("2026-11", Fen.of(40)))), tallies);
  }

  @Test
  void shouldSkipEventsAtOrBelowTheHighWaterMarkOfTheirShopAndSlice() {
    AgencyState state =
        AgencyState.empty(Duration.ofHours(72))
            .apply(
                new AgencyEvent.GmvTallied(
                    List.of(new BatchTally("shp_1", 1, 5, Map.of("2026-11", Fen.of(9)))), PAID));

    List<BatchTally> tallies =
        GmvTallies.of(state, List.of(batch(4, "o-4", 1), batch(5, "o-5", 1), batch(6, "o-6", 3)));

    assertEquals(List.of(6L), tallies.stream().map(BatchTally::seqNr).toList());
    assertEquals(Fen.of(9), state.gmv(YearMonth.of(2026, 11)));
  }

  @Test
  void shouldForgetLinesCountedBeforeTalliesOnceTheirWindowHasPassed() {
    AgencyState upgraded = upgradedWithLine1OfO1Counted();
    BatchTally later = new BatchTally("shp_1", 1, 8, Map.of("2026-11", Fen.of(1)));

    AgencyState withinWindow =
        upgraded.apply(new AgencyEvent.GmvTallied(List.of(later), PAID.plus(Duration.ofHours(1))));
    AgencyState afterTwoWindows =
        upgraded.apply(
            new AgencyEvent.GmvTallied(List.of(later), PAID.plus(Duration.ofHours(145))));

    assertEquals(true, withinWindow.countedBefore("shp_1", "o-1", "1"));
    assertEquals(false, afterTwoWindows.countedBefore("shp_1", "o-1", "1"));
    assertEquals(Fen.of(101), afterTwoWindows.gmv(YearMonth.of(2026, 11)));
  }
}
