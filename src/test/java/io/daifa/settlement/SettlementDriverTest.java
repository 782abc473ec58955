package io.daifa.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.daifa.common.EntityTestSupport;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The cluster's one settlement driver: one run per cycle, joined by later requests; a schedule. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementDriverTest {

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  /** Runs that end when the test completes them. */
  private static final class Runs {
    final List<YearMonth> started = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Outcome<SettlementState>>> ends = new CopyOnWriteArrayList<>();

    CompletableFuture<Outcome<SettlementState>> run(YearMonth cycle) {
      started.add(cycle);
      CompletableFuture<Outcome<SettlementState>> end = new CompletableFuture<>();
      ends.add(end);
      return end;
    }
  }

  private static final SettlementDriver.Schedule NO_SCHEDULE =
      new SettlementDriver.Schedule(0, Duration.ofHours(1));

  @Test
  void aRequestDuringARunJoinsItAndBothAreAnsweredByItsEnd() {
    Runs runs = new Runs();
    ActorRef<SettlementDriver.Command> driver =
        testKit.spawn(
            SettlementDriver.create(
                runs::run, NO_SCHEDULE, new TestClock(Instant.parse("2026-12-21T00:00:00Z"))));
    TestProbe<SettlementDriver.Answer> first = testKit.createTestProbe();
    TestProbe<SettlementDriver.Answer> second = testKit.createTestProbe();
    driver.tell(new SettlementDriver.Settle("2026-11", first.ref()));
    driver.tell(new SettlementDriver.Settle("2026-11", second.ref()));
    first.expectNoMessage(Duration.ofMillis(200));
    assertEquals(List.of(YearMonth.of(2026, 11)), runs.started, "one run for both requests");

    Outcome<SettlementState> done = Outcome.done(SettlementState.empty("2026-11"));
    runs.ends.get(0).complete(done);
    assertEquals(done, first.receiveMessage().outcome());
    assertEquals(done, second.receiveMessage().outcome());

    // After the end, a new request starts a new run (which resumes or answers as it stands).
    driver.tell(new SettlementDriver.Settle("2026-11", first.ref()));
    first.expectNoMessage(Duration.ofMillis(100));
    assertEquals(2, runs.started.size());
    runs.ends.get(1).completeExceptionally(new IllegalStateException("storage down"));
    SettlementDriver.Answer failed = first.receiveMessage();
    assertNull(failed.outcome());
    assertEquals("java.lang.IllegalStateException: storage down", failed.failure());
  }

  @Test
  void theScheduleSettlesLastMonthFromItsDayOnwards() {
    Runs runs = new Runs();
    TestClock clock = new TestClock(Instant.parse("2026-12-18T00:00:00Z"));
    ActorRef<SettlementDriver.Command> driver =
        testKit.spawn(
            SettlementDriver.create(
                runs::run, new SettlementDriver.Schedule(20, Duration.ofHours(1)), clock));
    driver.tell(SettlementDriver.CheckSchedule.INSTANCE);
    TestProbe<SettlementDriver.Answer> probe = testKit.createTestProbe();
    // The driver handles messages in order: once this request's run started, the check was done.
    driver.tell(new SettlementDriver.Settle("2026-10", probe.ref()));
    probe.awaitAssert(
        () -> {
          assertEquals(List.of(YearMonth.of(2026, 10)), runs.started);
          return null;
        });

    clock.advance(Duration.ofDays(2)); // the 20th
    driver.tell(SettlementDriver.CheckSchedule.INSTANCE);
    driver.tell(SettlementDriver.CheckSchedule.INSTANCE); // under way: not started twice
    driver.tell(new SettlementDriver.Settle("2026-09", probe.ref())); // a fence, as above
    probe.awaitAssert(
        () -> {
          assertEquals(3, runs.started.size());
          return null;
        });
    assertEquals(
        List.of(YearMonth.of(2026, 10), YearMonth.of(2026, 11), YearMonth.of(2026, 9)),
        runs.started,
        "before the 20th nothing was due; from the 20th last month, once");
    runs.ends.get(1).complete(Outcome.refused(ErrorCode.EARLIER_CYCLE_UNSETTLED, "2026-10"));
    runs.ends.get(0).complete(Outcome.done(SettlementState.empty("2026-10")));
    assertEquals(Outcome.done(SettlementState.empty("2026-10")), probe.receiveMessage().outcome());
  }
}
