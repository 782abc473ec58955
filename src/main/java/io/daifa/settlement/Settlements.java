package io.daifa.settlement;

import com.typesafe.config.Config;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.money.BasisPoints;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.IncentivePolicy;
import io.daifa.policy.PolicyVersions;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settling cycles (SPEC §8): by request any time after a cycle's month has ended, and by schedule
 * on the configured day of the next month. A cycle waits for every earlier cycle with receipts; at
 * most one run per cycle is under way on this node, and a request during a run joins it.
 */
public final class Settlements {

  private static final Logger log = LoggerFactory.getLogger(Settlements.class);

  /** How far back a run looks for an earlier cycle left unsettled. */
  private static final int LOOK_BACK_MONTHS = 24;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final SettlementStore store;
  private final Supplier<CompletionStage<PolicyVersions<DepositPolicy>>> deposits;
  private final PolicyVersions<IncentivePolicy> incentives;
  private final Config config;
  private final Duration askTimeout;
  private final Clock clock;
  private final Map<YearMonth, CompletableFuture<Outcome<SettlementState>>> running =
      new ConcurrentHashMap<>();

  public Settlements(
      ActorSystem<?> system,
      SettlementStore store,
      Supplier<CompletionStage<PolicyVersions<DepositPolicy>>> deposits,
      PolicyVersions<IncentivePolicy> incentives,
      Duration askTimeout,
      Clock clock) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.store = store;
    this.deposits = deposits;
    this.incentives = incentives;
    this.config = system.settings().config().getConfig("daifa.settlement");
    this.askTimeout = askTimeout;
    this.clock = clock;
  }

  /** Settles {@code cycle}, or joins its run under way; a completed cycle answers as it stands. */
  public CompletionStage<Outcome<SettlementState>> settle(YearMonth cycle) {
    YearMonth now = ShanghaiCalendar.monthOf(clock.instant());
    if (!cycle.isBefore(now)) {
      return CompletableFuture.completedFuture(
          Outcome.refused(
              ErrorCode.CYCLE_NOT_ENDED,
              "cycle " + cycle + " ends when " + cycle.plusMonths(1) + " begins"));
    }
    CompletableFuture<Outcome<SettlementState>> run = new CompletableFuture<>();
    CompletableFuture<Outcome<SettlementState>> current = running.putIfAbsent(cycle, run);
    if (current != null) {
      return current;
    }
    earliestUnsettled(cycle.minusMonths(1), LOOK_BACK_MONTHS)
        .thenCompose(
            earlier ->
                earlier != null
                    ? CompletableFuture.completedFuture(
                        Outcome.<SettlementState>refused(
                            ErrorCode.EARLIER_CYCLE_UNSETTLED,
                            "cycle " + earlier + " has receipts and has not been settled"))
                    : start(cycle, now).thenApply(Outcome::done))
        .whenComplete(
            (outcome, failure) -> {
              running.remove(cycle);
              if (failure != null) {
                log.warn(
                    "settlement {} stopped: {}; running it again resumes it",
                    cycle,
                    failure.toString());
                run.completeExceptionally(failure);
              } else {
                run.complete(outcome);
              }
            });
    return run;
  }

  public CompletionStage<SettlementState> state(YearMonth cycle) {
    return sharding
        .entityRefFor(SettlementEntity.ENTITY_TYPE_KEY, cycle.toString())
        .ask(SettlementEntity.Get::new, askTimeout);
  }

  /** Checks once per {@code check-every} whether last month's cycle is due, and settles it. */
  public void scheduleMonthly() {
    int day = config.getInt("day-of-month");
    if (day <= 0) {
      log.info("settlement schedule off: cycles settle by POST /v1/settlements");
      return;
    }
    Duration every = config.getDuration("check-every");
    system
        .scheduler()
        .scheduleWithFixedDelay(
            Duration.ofSeconds(30),
            every,
            () -> {
              var today = clock.instant().atZone(ShanghaiCalendar.ZONE);
              if (today.getDayOfMonth() >= day) {
                YearMonth due = YearMonth.from(today).minusMonths(1);
                settle(due)
                    .whenComplete(
                        (outcome, failure) -> {
                          if (outcome != null && !outcome.isDone()) {
                            log.warn("scheduled settlement {} refused: {}", due, outcome);
                          }
                        });
              }
            },
            system.executionContext());
    log.info("settlement schedule: day {} of each month, checked every {}", day, every);
  }

  /** The earliest cycle from {@code cycle} back that has receipts but has not completed. */
  private CompletionStage<YearMonth> earliestUnsettled(YearMonth cycle, int monthsLeft) {
    if (monthsLeft == 0) {
      return CompletableFuture.completedFuture(null);
    }
    return state(cycle)
        .thenCompose(
            state -> {
              if (state.status() == SettlementState.Status.COMPLETED) {
                return CompletableFuture.completedFuture(null);
              }
              return earliestUnsettled(cycle.minusMonths(1), monthsLeft - 1)
                  .thenCompose(
                      earlier ->
                          earlier != null
                              ? CompletableFuture.completedFuture(earlier)
                              : store
                                  .hasReceipts(cycle.toString())
                                  .thenApply(any -> any ? cycle : null));
            });
  }

  private CompletionStage<SettlementState> start(YearMonth cycle, YearMonth now) {
    return state(cycle)
        .thenCompose(
            state -> {
              YearMonth settlementMonth =
                  state.settlementMonth() == null ? now : YearMonth.parse(state.settlementMonth());
              return deposits
                  .get()
                  .thenCompose(
                      versions ->
                          new SettlementRun(
                                  cycle,
                                  settlementMonth,
                                  new SettlementRun.Setup(
                                      sharding,
                                      store,
                                      new SettlementRules(
                                          BasisPoints.of(config.getInt("payment-fee-bp")),
                                          incentives.inForce(settlementMonth),
                                          config.getDuration("risk.refund-after-settlement")),
                                      versions.inForce(settlementMonth),
                                      config.getInt("page-size"),
                                      config.getInt("risk.burst-orders"),
                                      config.getDuration("risk.burst-window"),
                                      askTimeout,
                                      clock))
                              .run());
            });
  }
}
