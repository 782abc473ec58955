package io.daifa.agency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.Ack;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.money.Fen;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.DepositTier;
import io.daifa.policy.PolicyVersions;
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

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgencyEntityTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final PolicyVersions<DepositPolicy> TIERS =
      PolicyVersions.of(
          List.of(
              new DepositPolicy(
                  YearMonth.of(2026, 1),
                  Fen.ofYuan(20_000),
                  List.of(
                      new DepositTier(Fen.ofYuan(500_000), Fen.ofYuan(30_000)),
                      new DepositTier(Fen.ofYuan(1_000_000), Fen.ofYuan(80_000)),
                      new DepositTier(Fen.ofYuan(2_000_000), Fen.ofYuan(180_000))))),
          DepositPolicy::effectiveFrom);
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private EventSourcedBehaviorTestKit<AgencyEntity.Command, AgencyEvent, AgencyState> agency;

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

  private Outcome<Ack> credit(String orderId, Instant paidAt, long... amounts) {
    List<AgencyEntity.PaidLine> lines = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      lines.add(new AgencyEntity.PaidLine(Integer.toString(i + 1), Fen.of(amounts[i])));
    }
    return agency
        .<Outcome<Ack>>runCommand(
            r ->
                new AgencyEntity.CreditGmv(
                    List.of(new AgencyEntity.PaidOrder("shp_1", orderId, paidAt, lines)), r))
        .reply();
  }

  private AgencyState state() {
    return agency.getState();
  }

  @Test
  void shouldCountEachLineOnceInTheShanghaiMonthOfPayment() {
    credit("o-1", Instant.parse("2026-10-31T15:59:59Z"), 100, 200); // 23:59:59 on Oct 31
    credit("o-2", Instant.parse("2026-10-31T16:00:00Z"), 1_000); // 00:00 on Nov 1
    var resent =
        agency.<Outcome<Ack>>runCommand(
            r ->
                new AgencyEntity.CreditGmv(
                    List.of(
                        new AgencyEntity.PaidOrder(
                            "shp_1",
                            "o-1",
                            Instant.parse("2026-10-31T15:59:59Z"),
                            List.of(new AgencyEntity.PaidLine("1", Fen.of(100))))),
                    r));
    assertTrue(resent.events().isEmpty(), "a resent line is not counted again");
    assertEquals(Fen.of(300), state().gmv(YearMonth.of(2026, 10)));
    assertEquals(Fen.of(1_000), state().gmv(NOVEMBER));

    // Several orders in one command, one of them twice: one event (one journal row) holding a
    // credit per new order, each line once.
    AgencyEntity.PaidOrder third =
        new AgencyEntity.PaidOrder(
            "shp_1",
            "o-3",
            Instant.parse("2026-11-02T00:00:00Z"),
            List.of(new AgencyEntity.PaidLine("1", Fen.of(7))));
    AgencyEntity.PaidOrder fourth =
        new AgencyEntity.PaidOrder(
            "shp_1",
            "o-4",
            Instant.parse("2026-11-03T00:00:00Z"),
            List.of(new AgencyEntity.PaidLine("1", Fen.of(11))));
    var batch =
        agency.<Outcome<Ack>>runCommand(
            r -> new AgencyEntity.CreditGmv(List.of(third, fourth, third), r));
    assertEquals(1, batch.events().size());
    var credited = (AgencyEvent.GmvBatchCredited) batch.events().get(0);
    assertEquals(
        List.of("o-3", "o-4"),
        credited.credits().stream().map(AgencyEvent.GmvCredited::orderId).toList());
    assertEquals(Fen.of(1_018), state().gmv(NOVEMBER));
  }

  @Test
  void shouldMoveThroughTheFourStandings() {
    assertEquals(Standing.ZERO_DEPOSIT, state().standing(NOVEMBER, TIERS));
    assertTrue(state().zeroDepositEligible());
    assertEquals(Fen.ZERO, state().shortfall(NOVEMBER, TIERS), "not in the deposit regime");

    // October GMV of exactly 500,000 CNY puts November's requirement at 50,000 CNY.
    credit("o-1", Instant.parse("2026-10-15T00:00:00Z"), Fen.ofYuan(500_000).value());
    assertEquals(Fen.ofYuan(50_000), state().required(NOVEMBER, TIERS));
    agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.PayDeposit(Fen.ofYuan(20_000), r));
    assertEquals(Standing.SHORTFALL, state().standing(NOVEMBER, TIERS));
    assertEquals(Fen.ofYuan(30_000), state().shortfall(NOVEMBER, TIERS));
    agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.PayDeposit(Fen.ofYuan(30_000), r));
    assertEquals(Standing.DEPOSIT_COVERED, state().standing(NOVEMBER, TIERS));
    assertFalse(state().zeroDepositEligible());

    Outcome<String> recorded =
        agency
            .<Outcome<String>>runCommand(r -> new AgencyEntity.RecordViolation("fake orders", r))
            .reply();
    String violationId = recorded.orThrow();
    assertEquals(Standing.RESTRICTED, state().standing(NOVEMBER, TIERS));
    agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.ClearViolation(violationId, r));
    assertEquals(Standing.DEPOSIT_COVERED, state().standing(NOVEMBER, TIERS));
    assertInstanceOf(
        Outcome.Refused.class,
        agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.ClearViolation("vio-9", r)).reply());
  }

  @Test
  void shouldEndZeroDepositRightsForGoodWithAViolation() {
    String id =
        agency
            .<Outcome<String>>runCommand(r -> new AgencyEntity.RecordViolation("spam", r))
            .reply()
            .orThrow();
    assertEquals(Standing.RESTRICTED, state().standing(NOVEMBER, TIERS));
    agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.ClearViolation(id, r));
    assertEquals(
        Standing.RESTRICTED,
        state().standing(NOVEMBER, TIERS),
        "cleared, but never paid a deposit: zero-deposit is not restored");
    assertFalse(state().zeroDepositEligible());
    agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.PayDeposit(Fen.ofYuan(20_000), r));
    assertEquals(Standing.DEPOSIT_COVERED, state().standing(NOVEMBER, TIERS));
  }

  @Test
  void shouldCountADepositOrViolationRetriedWithItsIdempotencyKeyOnceEvenAfterARestart() {
    var paid =
        agency.<Outcome<Ack>>runCommand(
            r -> new AgencyEntity.PayDeposit(Fen.ofYuan(20_000), "pay-1", r));
    assertEquals(1, paid.events().size());
    String violationId =
        agency
            .<Outcome<String>>runCommand(
                r -> new AgencyEntity.RecordViolation("fake orders", "vio-req-1", r))
            .reply()
            .orThrow();

    agency.restart();
    var retried =
        agency.<Outcome<Ack>>runCommand(
            r -> new AgencyEntity.PayDeposit(Fen.ofYuan(20_000), "pay-1", r));
    assertTrue(retried.events().isEmpty(), "a retry changes nothing");
    assertTrue(retried.reply().isDone());
    assertEquals(Fen.ofYuan(20_000), state().depositPaid());
    var violationAgain =
        agency.<Outcome<String>>runCommand(
            r -> new AgencyEntity.RecordViolation("fake orders", "vio-req-1", r));
    assertTrue(violationAgain.events().isEmpty());
    assertEquals(violationId, violationAgain.reply().orThrow(), "the first answer again");
    assertEquals(1, state().violations().size());

    var otherAmount =
        agency.<Outcome<Ack>>runCommand(
            r -> new AgencyEntity.PayDeposit(Fen.ofYuan(1), "pay-1", r));
    assertEquals(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        assertInstanceOf(Outcome.Refused.class, otherAmount.reply()).rejection().code());
    assertTrue(otherAmount.events().isEmpty());
    var withoutKey =
        agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.PayDeposit(Fen.ofYuan(20_000), r));
    assertEquals(1, withoutKey.events().size(), "without a key every request counts");
  }

  @Test
  void shouldRecoverTheSameState() {
    credit("o-1", Instant.parse("2026-10-15T00:00:00Z"), 5_000);
    agency.<Outcome<Ack>>runCommand(r -> new AgencyEntity.PayDeposit(Fen.ofYuan(1), r));
    agency.<Outcome<String>>runCommand(r -> new AgencyEntity.RecordViolation("x", r));
    AgencyState before = state();
    agency.restart();
    assertEquals(before.gmvByMonth(), state().gmvByMonth());
    assertEquals(before.depositPaid(), state().depositPaid());
    assertEquals(before.violations(), state().violations());
  }

  /**
   * A seeded stream of credits (with resends and month boundaries), deposits and violations: the
   * entity's figures equal a plain recomputation from the events it stored.
   */
  @Test
  void shouldAgreeWithAPlainRecomputationFromItsEvents() {
    Random random = new Random(5);
    List<AgencyEvent> stored = new ArrayList<>();
    List<String> sentOrders = new ArrayList<>();
    Map<String, Instant> paidAtByOrder = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      int pick = random.nextInt(10);
      if (pick < 7) {
        boolean resend = !sentOrders.isEmpty() && random.nextInt(4) == 0;
        String orderId = resend ? sentOrders.get(random.nextInt(sentOrders.size())) : "o-" + i;
        sentOrders.add(orderId);
        // A resend carries the order's first payment time; first sends spread over Q4 and a
        // little beyond, so month boundaries are crossed.
        Instant paidAt =
            paidAtByOrder.computeIfAbsent(
                orderId,
                id ->
                    Instant.parse("2026-09-30T16:00:00Z")
                        .plusSeconds(random.nextInt(100 * 86_400)));
        long[] amounts = new long[1 + Math.floorMod(orderId.hashCode(), 3)];
        for (int l = 0; l < amounts.length; l++) {
          amounts[l] = 100 + Math.floorMod(orderId.hashCode() * 31 + l, 100_000);
        }
        List<AgencyEntity.PaidLine> lines = new ArrayList<>();
        for (int l = 0; l < amounts.length; l++) {
          lines.add(new AgencyEntity.PaidLine(Integer.toString(l + 1), Fen.of(amounts[l])));
        }
        stored.addAll(
            agency
                .<Outcome<Ack>>runCommand(
                    r ->
                        new AgencyEntity.CreditGmv(
                            List.of(new AgencyEntity.PaidOrder("shp_1", orderId, paidAt, lines)),
                            r))
                .events());
      } else if (pick < 9) {
        long amount = 1 + random.nextInt(1_000_000);
        stored.addAll(
            agency
                .<Outcome<Ack>>runCommand(r -> new AgencyEntity.PayDeposit(Fen.of(amount), r))
                .events());
      } else {
        String reason = "r" + i;
        stored.addAll(
            agency
                .<Outcome<String>>runCommand(r -> new AgencyEntity.RecordViolation(reason, r))
                .events());
      }
    }
    Map<String, Long> gmv = new HashMap<>();
    Map<String, Boolean> linesSeen = new HashMap<>();
    long deposits = 0;
    int violations = 0;
    List<AgencyEvent> flat = new ArrayList<>();
    for (AgencyEvent event : stored) {
      if (event instanceof AgencyEvent.GmvBatchCredited batch) {
        flat.addAll(batch.credits());
      } else {
        flat.add(event);
      }
    }
    for (AgencyEvent event : flat) {
      if (event instanceof AgencyEvent.GmvCredited e) {
        for (String lineId : e.lineIds()) {
          assertEquals(null, linesSeen.put(e.orderId() + "/" + lineId, true), "counted twice");
        }
        gmv.merge(e.month(), e.amount().value(), Long::sum);
      } else if (event instanceof AgencyEvent.DepositPaid e) {
        deposits += e.amount().value();
      } else {
        violations++;
      }
    }
    Map<String, Long> entityGmv = new HashMap<>();
    state().gmvByMonth().forEach((m, f) -> entityGmv.put(m, f.value()));
    assertEquals(gmv, entityGmv);
    assertEquals(deposits, state().depositPaid().value());
    assertEquals(violations, state().violations().size());
    assertTrue(gmv.size() >= 3, "the stream spans three months");
  }
}
