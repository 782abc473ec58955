package io.daifa.agency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.Ack;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Incentives at the agency: standing, quarterly caps, page resends, risk holds, clawback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncentiveAccrualTest {

  private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
  private static final DepositPolicy FLAT_20K =
      new DepositPolicy(YearMonth.of(2026, 1), Fen.ofYuan(20_000), List.of());
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final Fen CASH_CAP = Fen.of(10_000);
  private static final Points POINTS_CAP = Points.of(1_000);

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private EventSourcedBehaviorTestKit<AgencyEntity.Command, AgencyEvent, AgencyState> agency;
  private int pages;

  @BeforeEach
  void setUp() {
    agency =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            AgencyEntity.create("agy_1", EntityTestSupport.settings(), new TestClock(T0)));
    agency.clear();
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private void payDeposit() {
    agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.PayDeposit(Fen.ofYuan(20_000), r));
  }

  private static IncentiveLines.Due due(
      String orderId, String buyerId, long cash, RiskKind... risks) {
    return new IncentiveLines.Due(
        "shp_1", orderId, "1", buyerId, Fen.of(cash), Points.of(cash / 10), List.of(risks));
  }

  private List<IncentiveLines.Grant> accrue(YearMonth month, IncentiveLines.Due... dues) {
    return accrue("page-" + ++pages, month, List.of(dues));
  }

  private List<IncentiveLines.Grant> accrue(
      String pageId, YearMonth month, List<IncentiveLines.Due> dues) {
    return send(pageId, month, dues).reply().orThrow().grants();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          AgencyEntity.Command, AgencyEvent, AgencyState, Outcome<IncentiveLines.Grants>>
      send(String pageId, YearMonth month, List<IncentiveLines.Due> dues) {
    return agency.runCommand(
        r ->
            new AgencyEntity.AccrueIncentives(
                pageId, month, FLAT_20K, CASH_CAP, POINTS_CAP, dues, r));
  }

  @Test
  void shouldCutTheAccrualThatCrossesTheCapAndStartAgainNextQuarter() {
    payDeposit();
    List<IncentiveLines.Grant> grants =
        accrue(NOVEMBER, due("o-1", "b", 4_000), due("o-2", "b", 4_000), due("o-3", "b", 4_000));
    assertEquals(
        List.of(4_000L, 4_000L, 2_000L), grants.stream().map(g -> g.cash().value()).toList());
    assertEquals(Points.of(1_000), agency.getState().incentives().accrued("2026-Q4").points());
    assertEquals(Fen.ZERO, accrue(NOVEMBER, due("o-4", "b", 1)).get(0).cash(), "cap reached");
    // December is still Q4; January starts a fresh quarter.
    assertEquals(Fen.ZERO, accrue(YearMonth.of(2026, 12), due("o-5", "b", 500)).get(0).cash());
    assertEquals(Fen.of(500), accrue(YearMonth.of(2027, 1), due("o-6", "b", 500)).get(0).cash());
    assertEquals(Fen.of(10_000), agency.getState().incentives().accrued("2026-Q4").cash());
    assertEquals(Fen.of(500), agency.getState().incentives().accrued("2027-Q1").cash());
  }

  @Test
  void shouldWithholdFromAnAgencyThatIsNotDepositCovered() {
    List<IncentiveLines.Grant> grants = accrue(NOVEMBER, due("o-1", "b", 4_000));
    assertEquals(IncentiveOutcome.WITHHELD, grants.get(0).outcome(), "ZERO_DEPOSIT earns none");
    payDeposit();
    agency.<Outcome<String>>runCommand(r -> new AgencyEntity.RecordViolation("fake", r));
    assertEquals(
        IncentiveOutcome.WITHHELD,
        accrue(NOVEMBER, due("o-2", "b", 4_000)).get(0).outcome(),
        "RESTRICTED");
    assertEquals(Fen.ZERO, agency.getState().incentives().accrued("2026-Q4").cash());
  }

  @Test
  void shouldAnswerAResentPageAsBeforeAndStoreNothing() {
    payDeposit();
    List<IncentiveLines.Due> dues = List.of(due("o-1", "b", 4_000), due("o-2", "b", 4_000));
    List<IncentiveLines.Grant> first = accrue("p-1", NOVEMBER, dues);
    var resent = send("p-1", NOVEMBER, dues);
    assertTrue(resent.events().isEmpty());
    assertEquals(first, resent.reply().orThrow().grants());
    assertEquals(Fen.of(8_000), agency.getState().incentives().accrued("2026-Q4").cash());
  }

  @Test
  void shouldHoldFlaggedLinesUntilAnAdminClearsTheFlag() {
    payDeposit();
    IncentiveLines.Grant held =
        accrue(NOVEMBER, due("o-1", "b", 4_000, RiskKind.BUYER_BURST)).get(0);
    assertEquals(IncentiveOutcome.HELD, held.outcome());
    assertEquals("flg-1", held.flagId());
    // The same line on a later run: still held by the same flag, no second flag.
    assertEquals(
        "flg-1", accrue(NOVEMBER, due("o-1", "b", 4_000, RiskKind.BUYER_BURST)).get(0).flagId());
    assertEquals(1, agency.getState().incentives().flags().size());
    agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.ClearRiskFlag("flg-1", r));
    IncentiveLines.Grant released =
        accrue(NOVEMBER, due("o-1", "b", 4_000, RiskKind.BUYER_BURST)).get(0);
    assertEquals(IncentiveOutcome.ACCRUED, released.outcome(), "cleared: the pattern was reviewed");
    assertEquals(Fen.of(4_000), released.cash());
    assertNull(released.flagId());
  }

  @Test
  void shouldClawBackAndHoldTheBuyerOfARefundRightAfterSettlement() {
    payDeposit();
    accrue(NOVEMBER, due("o-1", "b-1", 4_000));
    agency.<Outcome<Ack>>runCommand(
        r ->
            new AgencyEntity.ClawBack(
                "claims-1",
                YearMonth.of(2026, 12),
                List.of(
                    new IncentiveLines.Claw(
                        "shp_1", "o-1", "1", "b-1", Fen.of(4_000), Points.of(400), true)),
                r));
    assertEquals(Fen.of(4_000), agency.getState().incentives().clawedBack("2026-Q4").cash());
    assertEquals(IncentiveOutcome.HELD, accrue(NOVEMBER, due("o-2", "b-1", 100)).get(0).outcome());
    assertEquals(
        IncentiveOutcome.ACCRUED, accrue(NOVEMBER, due("o-3", "b-2", 100)).get(0).outcome());
  }

  /**
   * Random pages over three quarters, some resent: the entity's quarter totals equal a plain
   * recomputation from the dues (each quarter's running sum, capped) and the sums of its events.
   */
  @Test
  void shouldAgreeWithAPlainRecomputationOfTheCaps() {
    payDeposit();
    Random random = new Random(11);
    Map<String, Long> cashDue = new HashMap<>();
    List<AgencyEvent> stored = new ArrayList<>();
    String lastPage = null;
    List<IncentiveLines.Due> lastDues = null;
    YearMonth lastMonth = null;
    for (int p = 0; p < 300; p++) {
      if (lastPage != null && random.nextInt(5) == 0) {
        stored.addAll(send(lastPage, lastMonth, lastDues).events());
        continue;
      }
      YearMonth month = YearMonth.of(2026, 10).plusMonths(p / 40);
      List<IncentiveLines.Due> dues = new ArrayList<>();
      for (int l = 0, n = 1 + random.nextInt(5); l < n; l++) {
        long cash = random.nextInt(400);
        dues.add(due("o-" + p + "-" + l, "b-" + random.nextInt(50), cash));
        cashDue.merge(ShanghaiCalendar.quarterOf(month), cash, Long::sum);
      }
      String page = "p-" + p;
      stored.addAll(send(page, month, dues).events());
      lastPage = page;
      lastDues = dues;
      lastMonth = month;
    }
    Map<String, Long> fromEvents = new HashMap<>();
    for (AgencyEvent event : stored) {
      if (event instanceof AgencyEvent.IncentivesAccrued e) {
        e.grants().forEach(g -> fromEvents.merge(e.quarter(), g.cash().value(), Long::sum));
      }
    }
    assertEquals(3, cashDue.size());
    cashDue.forEach(
        (quarter, due) -> {
          long expected = Math.min(due, CASH_CAP.value());
          assertEquals(expected, fromEvents.get(quarter), quarter + " from the events");
          assertEquals(
              expected,
              agency.getState().incentives().accrued(quarter).cash().value(),
              quarter + " in the state");
        });
  }
}
