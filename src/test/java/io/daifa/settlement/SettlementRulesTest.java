package io.daifa.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.agency.IncentiveOutcome;
import io.daifa.agency.RiskKind;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.order.OrderStatus;
import io.daifa.policy.IncentivePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which lines settle, the fees, the incentive due, what a refund takes back, and the cycles. */
class SettlementRulesTest {

  private static final SettlementRules RULES =
      new SettlementRules(
          BasisPoints.of(60),
          new IncentivePolicy(
              YearMonth.of(2026, 1),
              BasisPoints.of(100),
              BasisPoints.of(40),
              Fen.ofYuan(5_000_000),
              Points.whole(500_000)),
          Duration.ofDays(7));
  private static final Instant SETTLED_AT = Instant.parse("2026-11-20T02:00:00Z");

  private static LineFacts line(OrderStatus status, String agencyId, int feeRateBp) {
    return marketLine(status, agencyId, feeRateBp, 0);
  }

  /** A line of a market product the shop picked, at {@code commissionRateBp}. */
  private static LineFacts marketLine(
      OrderStatus status, String agencyId, int feeRateBp, int commissionRateBp) {
    return new LineFacts(
        "o-1",
        "1",
        "shp_1",
        agencyId,
        "b-1",
        status,
        Instant.parse("2026-10-10T02:00:00Z"),
        Fen.ofYuan(990),
        Fen.ofYuan(1_000),
        BasisPoints.of(feeRateBp),
        "SF1",
        null,
        BasisPoints.of(commissionRateBp));
  }

  /** A receipt projected before the routing event: the row has a status and nothing else. */
  private static LineFacts receiptOnly() {
    return new LineFacts(
        "o-1",
        "1",
        null,
        null,
        null,
        OrderStatus.RECEIVED,
        null,
        Fen.ZERO,
        Fen.ZERO,
        BasisPoints.of(0),
        "SF1",
        null,
        null);
  }

  @Test
  void shouldSettleAReceivedLineWithTheFeesAndTheSourcesWorkedExample() {
    LineDecision d = RULES.received(line(OrderStatus.RECEIVED, "agy_1", 500), false, List.of());
    assertEquals(LineDecision.Kind.SETTLE, d.kind());
    assertEquals(Fen.ofYuan(1_000), d.base());
    assertEquals(Fen.of(594), d.paymentFee(), "0.6% of the 990 CNY the buyer paid: 5.94 CNY");
    assertEquals(Fen.ofYuan(50), d.serviceFee(), "the category's 5% of the base");
    assertEquals(Fen.ofYuan(40), d.cash(), "1,000 CNY at 5% → 40 CNY");
    assertEquals(Points.whole(4), d.points(), "→ 4 points");
  }

  @Test
  void shouldPayCashOnlyAboveTheOnePercentFloor() {
    long[][] rateAndCash = {{0, 0}, {100, 0}, {101, 10}, {500, 4_000}};
    for (long[] row : rateAndCash) {
      LineDecision d =
          RULES.received(line(OrderStatus.RECEIVED, "agy_1", (int) row[0]), false, List.of());
      assertEquals(Fen.of(row[1]), d.cash(), row[0] + " bp");
      assertEquals(Points.of(400), d.points(), "points do not depend on the rate");
    }
  }

  @Test
  void shouldWaitForALineWhoseAmountsAreNotOnTheReadSideYet() {
    assertEquals(LineDecision.Kind.DEFER, RULES.received(receiptOnly(), false, List.of()).kind());
    assertEquals(
        LineDecision.Kind.DEFER,
        RULES.received(receiptOnly(), true, List.of()).kind(),
        "carried again, not dropped");
  }

  @Test
  void shouldLeaveRefundsOutDeferDisputesAndOwePromotersOnlyForPromotedLines() {
    assertEquals(
        LineDecision.Kind.DROP,
        RULES.received(line(OrderStatus.REFUNDED, "agy_1", 500), false, List.of()).kind());
    assertEquals(
        LineDecision.Kind.DEFER,
        RULES.received(line(OrderStatus.DISPUTED, "agy_1", 500), false, List.of()).kind());
    LineDecision unpromoted =
        RULES.received(line(OrderStatus.RECEIVED, null, 500), false, List.of(RiskKind.BUYER_BURST));
    assertEquals(LineDecision.Kind.SETTLE, unpromoted.kind());
    assertEquals(Fen.ZERO, unpromoted.cash());
    assertEquals(List.of(), unpromoted.risks());
    assertEquals(
        LineDecision.Kind.DROP,
        RULES.held(line(OrderStatus.REFUNDED, "agy_1", 500), List.of()).kind(),
        "a held line refunded since earns nothing");
  }

  @Test
  void shouldClawBackWhatASettledLineAccruedAndFlagARefundRightAfterIt() {
    SettledLine settled = settledLine(null);
    LineDecision soon =
        RULES.claim("o-1", "shp_1", "1", settled, SETTLED_AT.plus(Duration.ofDays(1)));
    assertEquals(LineDecision.Kind.CLAW, soon.kind());
    assertEquals(Fen.ofYuan(40), soon.cash());
    assertEquals("agy_1", soon.agencyId());
    assertEquals(List.of(RiskKind.REFUND_AFTER_SETTLEMENT), soon.risks());
    assertEquals(
        List.of(),
        RULES.claim("o-1", "shp_1", "1", settled, SETTLED_AT.plus(Duration.ofDays(8))).risks());
    assertEquals(
        LineDecision.Kind.DISMISS_CLAIM, RULES.claim("o-1", "shp_1", "1", null, SETTLED_AT).kind());
    SettledLine clawed = settledLine("2026-11");
    assertEquals(
        LineDecision.Kind.DISMISS_CLAIM,
        RULES.claim("o-1", "shp_1", "1", clawed, SETTLED_AT).kind(),
        "clawed back once");
  }

  /** A line settled in October that accrued 40 CNY and 4 points, clawed back in {@code cycle}. */
  private static SettledLine settledLine(String clawedCycle) {
    return settledLine(clawedCycle, "agy_1", Fen.ofYuan(40), Fen.ZERO);
  }

  private static SettledLine settledLine(
      String clawedCycle, String agencyId, Fen cash, Fen commission) {
    return new SettledLine(
        "o-1",
        "shp_1",
        "1",
        "2026-10",
        agencyId,
        "b-1",
        cash,
        agencyId == null ? Points.ZERO : Points.whole(4),
        agencyId == null ? null : IncentiveOutcome.ACCRUED,
        SETTLED_AT,
        clawedCycle,
        commission);
  }

  @Test
  void shouldCreditTheShopsCommissionAtTheRateItsLineCarried() {
    // Two orders of the same product before and after the supplier raised the rate: each settles
    // at the rate its line carried. 1,000 CNY base at 12.5 % and at 15 %; 999.99 at 12.5 % rounds.
    LineDecision before =
        RULES.received(marketLine(OrderStatus.RECEIVED, null, 500, 1_250), false, List.of());
    LineDecision after =
        RULES.received(marketLine(OrderStatus.RECEIVED, null, 500, 1_500), false, List.of());
    assertEquals(Fen.ofYuan(125), before.commission());
    assertEquals(Fen.ofYuan(150), after.commission());
    assertEquals(Fen.of(12_500), SettlementRules.commission(Fen.of(99_999), BasisPoints.of(1_250)));
    assertEquals(
        Fen.ZERO,
        RULES.received(line(OrderStatus.RECEIVED, null, 500), false, List.of()).commission(),
        "not a market line");
    // A promoter's market line: the shop's commission and the agency's incentive both.
    LineDecision promoted =
        RULES.received(marketLine(OrderStatus.RECEIVED, "agy_1", 500, 1_000), false, List.of());
    assertEquals(Fen.ofYuan(100), promoted.commission());
    assertEquals(Fen.ofYuan(40), promoted.cash());
    // Refunded before the settlement: nothing credited.
    assertEquals(
        LineDecision.Kind.DROP,
        RULES
            .received(marketLine(OrderStatus.REFUNDED, null, 500, 1_000), false, List.of())
            .kind());
  }

  @Test
  void shouldClawBackACommissionAfterTheSettlementWithOrWithoutAnAgency() {
    LineDecision shopOnly =
        RULES.claim(
            "o-1", "shp_1", "1", settledLine(null, null, Fen.ZERO, Fen.ofYuan(125)), SETTLED_AT);
    assertEquals(LineDecision.Kind.CLAW, shopOnly.kind());
    assertEquals(Fen.ofYuan(125), shopOnly.commission());
    assertEquals(null, shopOnly.agencyId(), "nothing to take back at an agency");
    assertEquals(Fen.ZERO, shopOnly.cash());
    LineDecision both =
        RULES.claim(
            "o-1",
            "shp_1",
            "1",
            settledLine(null, "agy_1", Fen.ofYuan(40), Fen.ofYuan(100)),
            SETTLED_AT.plus(Duration.ofDays(30)));
    assertEquals("agy_1", both.agencyId());
    assertEquals(Fen.ofYuan(40), both.cash());
    assertEquals(Fen.ofYuan(100), both.commission());
    assertEquals(
        LineDecision.Kind.DISMISS_CLAIM,
        RULES
            .claim(
                "o-1",
                "shp_1",
                "1",
                settledLine("2026-11", null, Fen.ZERO, Fen.ofYuan(125)),
                SETTLED_AT)
            .kind(),
        "clawed back once");
  }

  @Test
  void shouldPutAReceiptInTheShanghaiMonthItHappenedIn() {
    Instant lastOfOctober = Instant.parse("2026-10-31T15:59:59Z");
    Instant firstOfNovember = Instant.parse("2026-10-31T16:00:00Z");
    Instant recorded = Instant.parse("2026-11-02T00:00:00Z");
    assertEquals(YearMonth.of(2026, 10), SettlementBuckets.cycleOf(lastOfOctober, recorded, 20));
    assertEquals(YearMonth.of(2026, 11), SettlementBuckets.cycleOf(firstOfNovember, recorded, 20));
    assertEquals(
        YearMonth.of(2026, 11),
        SettlementBuckets.cycleOf(lastOfOctober, Instant.parse("2026-11-20T01:00:00Z"), 20),
        "recorded on the settlement day: October has settled, so the next cycle takes it");
    assertEquals(
        YearMonth.of(2026, 10),
        SettlementBuckets.cycleOf(Instant.parse("2026-08-01T00:00:00Z"), recorded, 20),
        "never earlier than the month before the one it was recorded in");
  }
}
