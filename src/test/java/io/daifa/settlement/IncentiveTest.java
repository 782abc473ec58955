package io.daifa.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.policy.IncentivePolicy;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class IncentiveTest {

  /** SPEC §6: floor 1%, points 0.4%, caps 5,000,000 CNY and 500,000 points per quarter. */
  static final IncentivePolicy RULE =
      new IncentivePolicy(
          YearMonth.of(2026, 1),
          BasisPoints.of(100),
          BasisPoints.of(40),
          Fen.ofYuan(5_000_000),
          Points.whole(500_000));

  @Test
  void shouldMatchTheSourcesWorkedExample() {
    Fen base = Fen.ofYuan(1_000);
    assertEquals(Fen.ofYuan(40), RULE.cash(base, BasisPoints.of(500)));
    assertEquals(Points.whole(4), RULE.points(base));

    QuarterAccrual quarter = QuarterAccrual.empty("2026-Q4");
    for (int i = 0; i < 10_000; i++) {
      quarter =
          quarter.plus(
              quarter.grant(
                  RULE.cash(base, BasisPoints.of(500)),
                  RULE.points(base),
                  RULE.quarterlyCashCap(),
                  RULE.quarterlyPointsCap()));
    }
    assertEquals(Fen.ofYuan(400_000), quarter.cash());
    assertEquals(Points.whole(40_000), quarter.points());
  }

  @Test
  void shouldPayCashOnlyAboveTheOnePercentFloor() {
    Fen base = Fen.ofYuan(1_000);
    assertEquals(Fen.ZERO, RULE.cash(base, BasisPoints.of(0)));
    assertEquals(Fen.ZERO, RULE.cash(base, BasisPoints.of(100)));
    assertEquals(Fen.of(10), RULE.cash(base, BasisPoints.of(101)), "0.01% of 1,000 CNY");
    assertEquals(Fen.ofYuan(40), RULE.cash(base, BasisPoints.of(500)));
    // Points do not depend on the fee rate.
    assertEquals(Points.whole(4), RULE.points(base));
  }

  @Test
  void shouldRoundHalfUpToTheFenAndToAHundredthOfAPoint() {
    // 125 fen at 0.01%: 0.0125 fen → 0; 5,000 fen at 0.01% = 0.5 fen → 1.
    assertEquals(Fen.ZERO, RULE.cash(Fen.of(125), BasisPoints.of(101)));
    assertEquals(Fen.of(1), RULE.cash(Fen.of(5_000), BasisPoints.of(101)));
    // 1.25 CNY × 0.4% = 0.005 points → 0.01 (half up); 1.24 CNY → 0.00.
    assertEquals(Points.of(1), RULE.points(Fen.of(125)));
    assertEquals(Points.ZERO, RULE.points(Fen.of(124)));
  }

  @Test
  void shouldCutTheAccrualThatCrossesACapAndGiveNothingAfter() {
    QuarterAccrual nearCap =
        new QuarterAccrual("2026-Q4", Fen.ofYuan(4_999_990), Points.whole(499_999));
    QuarterAccrual.Granted crossing =
        nearCap.grant(
            Fen.ofYuan(40), Points.whole(4), RULE.quarterlyCashCap(), RULE.quarterlyPointsCap());
    assertEquals(Fen.ofYuan(10), crossing.cash(), "cut to what remains");
    assertEquals(Points.whole(1), crossing.points());
    QuarterAccrual full = nearCap.plus(crossing);
    assertEquals(Fen.ofYuan(5_000_000), full.cash());
    assertEquals(
        QuarterAccrual.Granted.NOTHING,
        full.grant(
            Fen.ofYuan(40), Points.whole(4), RULE.quarterlyCashCap(), RULE.quarterlyPointsCap()));
    assertEquals(Fen.ZERO, full.cashRemaining(RULE.quarterlyCashCap()));
  }

  @Test
  void shouldPlaceMonthsAndQuartersAtMidnightInShanghai() {
    // 2026-09-30 16:00 UTC is 2026-10-01 00:00 in Shanghai: a new month and a new quarter.
    Instant lastOfQ3 = Instant.parse("2026-09-30T15:59:59.999Z");
    Instant firstOfQ4 = Instant.parse("2026-09-30T16:00:00Z");
    assertEquals(YearMonth.of(2026, 9), ShanghaiCalendar.monthOf(lastOfQ3));
    assertEquals(YearMonth.of(2026, 10), ShanghaiCalendar.monthOf(firstOfQ4));
    assertEquals("2026-Q3", ShanghaiCalendar.quarterOf(lastOfQ3));
    assertEquals("2026-Q4", ShanghaiCalendar.quarterOf(firstOfQ4));
    assertEquals("2027-Q1", ShanghaiCalendar.quarterOf(Instant.parse("2026-12-31T16:00:00Z")));
    assertEquals(firstOfQ4, ShanghaiCalendar.startOf(YearMonth.of(2026, 10)));
    // Month boundaries inside a quarter change the month, not the quarter.
    assertEquals(
        ShanghaiCalendar.quarterOf(Instant.parse("2026-10-31T15:59:59Z")),
        ShanghaiCalendar.quarterOf(Instant.parse("2026-10-31T16:00:00Z")));
  }

  @Test
  void shouldStartEachQuarterWithFullCaps() {
    QuarterAccrual q4 =
        new QuarterAccrual("2026-Q4", RULE.quarterlyCashCap(), RULE.quarterlyPointsCap());
    assertEquals(
        QuarterAccrual.Granted.NOTHING,
        q4.grant(
            Fen.ofYuan(1), Points.whole(1), RULE.quarterlyCashCap(), RULE.quarterlyPointsCap()));
    QuarterAccrual q1 = QuarterAccrual.empty("2027-Q1");
    assertEquals(
        new QuarterAccrual.Granted(Fen.ofYuan(1), Points.whole(1)),
        q1.grant(
            Fen.ofYuan(1), Points.whole(1), RULE.quarterlyCashCap(), RULE.quarterlyPointsCap()));
  }
}
