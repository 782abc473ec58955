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
  private long seqNr;

  @BeforeEach
  void setUp() {
    agency =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            AgencyEntity.create("agy_1", EntityTestSupport.settings(), new TestClock(T0)));
    agency.clear();
    seqNr = 0;
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  /** Each call is a new event of shop {@code shp_1}, read from slice 0. */
  private Outcome<Ack> credit(String orderId, Instant paidAt, long... amounts) {
    return agency
        .<Outcome<Ack>>runCommand(
            r ->
                new AgencyEntity.CreditGmv(List.of(batch(0, ++seqNr, orderId, paidAt, amounts)), r))
        .reply();
  }

  private static AgencyEntity.ShopBatch batch(
      int slice, long seqNr, String orderId, Instant paidAt, long... amounts) {
    List<AgencyEntity.PaidLine> lines = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      lines.add(new AgencyEntity.PaidLine(Integer.toString(i + 1), Fen.of(amounts[i])));
    }
    return new AgencyEntity.ShopBatch(
        "shp_1", slice, seqNr, List.of(new AgencyEntity.PaidOrder(orderId, paidAt, lines)));
  }

  private AgencyState state() {
    return agency.getState();
  }

  @Test
  void shouldCountEachShopEventOnceInTheShanghaiMonthOfPayment() {
    credit("o-1", Instant.parse("2026-10-31T15:59:59Z"), 100, 200); // 23:59:59 on Oct 31
    credit("o-2", Instant.parse("2026-10-31T16:00:00Z"), 1_000); // 00:00 on Nov 1
    var readAgain =
        agency.<Outcome<Ack>>runCommand(
            r ->
                new AgencyEntity.CreditGmv(
                    List.of(batch(0, 1, "o-1", Instant.parse("2026-10-31T15:59:59Z"), 100, 200)),
                    r));
    assertTrue(readAgain.events().isEmpty(), "an event the feed reads again is not counted again");
    assertEquals(Fen.of(300), state().gmv(YearMonth.of(2026, 10)));
    assertEquals(Fen.of(1_000), state().gmv(NOVEMBER));

    // Several events in one command, one of them twice, and the same shop's first event of
    // another slice: one journal row holding a tally per new event.
    AgencyEntity.ShopBatch third = batch(0, 3, "o-3", Instant.parse("2026-11-02T00:00:00Z"), 7);
    AgencyEntity.ShopBatch otherSlice =
        batch(2, 1, "o-4", Instant.parse("2026-11-03T00:00:00Z"), 11);
    var credited =
        agency.<Outcome<Ack>>runCommand(
            r -> new AgencyEntity.CreditGmv(List.of(third, otherSlice, third), r));
    assertEquals(1, credited.events().size());
    var tallied = (AgencyEvent.GmvTallied) credited.events().get(0);
    assertEquals(
        List.of("shp_1/0#3", "shp_1/2#1"),
        tallied.batches().stream().map(t -> t.feedKey() + "#" + t.seqNr()).toList());
    assertEquals(Fen.of(1_018), state().gmv(NOVEMBER));
    assertEquals(3, state().creditedThrough("shp_1/0"));
    assertEquals(1, state().creditedThrough("shp_1/2"));

    // The state recovers from the tallies alone.
    agency.restart();
    assertEquals(Fen.of(1_018), state().gmv(NOVEMBER));
    assertEquals(3, state().creditedThrough("shp_1/0"));
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
   * A seeded stream of credits (shop events of four slices, some read again, month boundaries
   * crossed), deposits and violations: the entity's GMV equals a plain sum over the distinct events
   * sent, its journal holds each event once, and its other figures equal its events'.
   */
  @Test
  void shouldAgreeWithAPlainRecomputationFromItsEvents() {
    Random random = new Random(5);
    List<AgencyEvent> stored = new ArrayList<>();
    List<AgencyEntity.ShopBatch> sent = new ArrayList<>();
    long[] lastSeqNr = new long[4];
    Map<String, Long> expected = new HashMap<>();
    int readAgain = 0;
    for (int i = 0; i < 400; i++) {
      int pick = random.nextInt(10);
      if (pick < 7) {
        AgencyEntity.ShopBatch batch;
        if (!sent.isEmpty() && random.nextInt(4) == 0) {
          batch = sent.get(random.nextInt(sent.size()));
          readAgain++;
        } else {
          int slice = random.nextInt(4);
          // First sends spread over Q4 and a little beyond, so month boundaries are crossed.
          Instant paidAt =
              Instant.parse("2026-09-30T16:00:00Z").plusSeconds(random.nextInt(100 * 86_400));
          long[] amounts = new long[1 + random.nextInt(3)];
          for (int l = 0; l < amounts.length; l++) {
            amounts[l] = 100 + random.nextInt(100_000);
            expected.merge(ShanghaiCalendar.monthKeyOf(paidAt), amounts[l], Long::sum);
          }
          batch = batch(slice, ++lastSeqNr[slice], "o-" + i, paidAt, amounts);
          sent.add(batch);
        }
        AgencyEntity.ShopBatch credited = batch;
        stored.addAll(
            agency
                .<Outcome<Ack>>runCommand(r -> new AgencyEntity.CreditGmv(List.of(credited), r))
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
    Map<String, Long> fromJournal = new HashMap<>();
    Map<String, Boolean> eventsSeen = new HashMap<>();
    long deposits = 0;
    int violations = 0;
    for (AgencyEvent event : stored) {
      if (event instanceof AgencyEvent.GmvTallied tallied) {
        for (BatchTally tally : tallied.batches()) {
          assertEquals(
              null, eventsSeen.put(tally.feedKey() + "#" + tally.seqNr(), true), "counted twice");
          tally.gmvByMonth().forEach((m, f) -> fromJournal.merge(m, f.value(), Long::sum));
        }
      } else if (event instanceof AgencyEvent.DepositPaid e) {
        deposits += e.amount().value();
      } else {
        violations++;
      }
    }
    Map<String, Long> entityGmv = new HashMap<>();
    state().gmvByMonth().forEach((m, f) -> entityGmv.put(m, f.value()));
    assertEquals(expected, entityGmv);
    assertEquals(expected, fromJournal);
    assertEquals(deposits, state().depositPaid().value());
    assertEquals(violations, state().violations().size());
    assertTrue(expected.size() >= 3, "the stream spans three months");
    assertTrue(readAgain > 20, "the stream reads events again");
  }
}
