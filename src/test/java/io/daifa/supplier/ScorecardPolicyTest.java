package io.daifa.supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The star rating of conf/scorecard.conf on the README's worked examples. */
class ScorecardPolicyTest {

  private static final ScorecardPolicy POLICY =
      ScorecardPolicy.load(Path.of("conf/scorecard.conf"));

  private static final long HOUR = 3_600;

  @Test
  void aPromptSupplierWithARefundOrTwoKeepsFiveStars() {
    // 200 lines; 2 refunded (1 %); accepted in 6 h and shipped in 30 h on average; 150 delivered,
    // none late.
    MonthScore month =
        new MonthScore(200, 200, 200 * 6 * HOUR, 180, 180 * 30 * HOUR, 0, 2, 0, 150, 0);
    Scorecard card = POLICY.rate("sup_a", "2026-11", month);
    assertEquals(100, card.refundRateBp());
    assertEquals(new Scorecard.Penalties(0, 5, 0, 0, 0, 0), card.penalties());
    assertEquals(360L, card.averageAcceptMinutes());
    assertEquals(10_000L, card.onTimeDeliveryBp());
    assertEquals(5.0, card.stars(), "4.95 stars, to the nearest half");
  }

  @Test
  void aSlowSupplierThatRejectsLosesStarsForEachFigure() {
    // 100 lines: 8 rejected (8 %), 3 refunded (3 %), 1 disputed (1 %); accepted in 40 h on average
    // (16 h over 24: two 12-hour blocks), shipped in 50 h (2 h over 48: one block); 80 delivered,
    // 20 of them late (25 %).
    MonthScore month = new MonthScore(100, 92, 92 * 40 * HOUR, 90, 90 * 50 * HOUR, 8, 3, 1, 80, 20);
    Scorecard card = POLICY.rate("sup_b", "2026-11", month);
    assertEquals(new Scorecard.Penalties(80, 15, 10, 50, 25, 50), card.penalties());
    assertEquals(7_500L, card.onTimeDeliveryBp());
    assertEquals(2.5, card.stars(), "5 − 2.30 = 2.70 stars, to the nearest half");
  }

  @Test
  void aQuietMonthIsNotRatedAndAHopelessOneKeepsOneStar() {
    Scorecard quiet =
        POLICY.rate("sup_c", "2026-11", new MonthScore(12, 12, 0, 12, 0, 0, 0, 0, 0, 0));
    assertNull(quiet.stars(), "12 lines, under the 20 a rating needs");
    assertNull(quiet.onTimeDeliveryBp(), "nothing delivered yet");
    Scorecard hopeless =
        POLICY.rate("sup_d", "2026-11", new MonthScore(50, 10, 0, 0, 0, 40, 0, 0, 0, 0));
    assertEquals(1.0, hopeless.stars(), "80 % rejected: −8 stars, kept at one");
  }
}
