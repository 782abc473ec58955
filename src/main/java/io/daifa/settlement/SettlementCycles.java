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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * One run of a cycle (SPEC §8), from wherever the cycle's entity says it stands: refused before the
 * cycle's month has ended or while an earlier cycle with receipts is unsettled. Called only by the
 * {@link SettlementDriver}, which keeps runs to one per cycle in the cluster.
 */
final class SettlementCycles {

  /** How far back a run looks for an earlier cycle left unsettled. */
  private static final int LOOK_BACK_MONTHS = 24;

  private final ClusterSharding sharding;
  private final SettlementStore store;
  private final Supplier<CompletionStage<PolicyVersions<DepositPolicy>>> deposits;
  private final PolicyVersions<IncentivePolicy> incentives;
  private final Config config;
  private final Duration askTimeout;
  private final Clock clock;

  SettlementCycles(
      ActorSystem<?> system,
      SettlementStore store,
      Supplier<CompletionStage<PolicyVersions<DepositPolicy>>> deposits,
      PolicyVersions<IncentivePolicy> incentives,
      Duration askTimeout,
      Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.store = store;
    this.deposits = deposits;
    this.incentives = incentives;
    this.config = system.settings().config().getConfig("daifa.settlement");
    this.askTimeout = askTimeout;
    this.clock = clock;
  }

  /** Settles {@code cycle} from where it stands; a completed cycle answers as it stands. */
  CompletionStage<Outcome<SettlementState>> run(YearMonth cycle) {
    YearMonth now = ShanghaiCalendar.monthOf(clock.instant());
    if (!cycle.isBefore(now)) {
      return CompletableFuture.completedFuture(
          Outcome.refused(
              ErrorCode.CYCLE_NOT_ENDED,
              "cycle " + cycle + " ends when " + cycle.plusMonths(1) + " begins"));
    }
    return earliestUnsettled(cycle.minusMonths(1), LOOK_BACK_MONTHS)
        .thenCompose(
            earlier ->
                earlier != null
                    ? CompletableFuture.completedFuture(
                        Outcome.<SettlementState>refused(
                            ErrorCode.EARLIER_CYCLE_UNSETTLED,
                            "cycle " + earlier + " has receipts and has not been settled"))
                    : start(cycle, now).thenApply(Outcome::done));
  }

  private CompletionStage<SettlementState> state(YearMonth cycle) {
    return sharding
        .entityRefFor(SettlementEntity.ENTITY_TYPE_KEY, cycle.toString())
        .ask(SettlementEntity.Get::new, askTimeout);
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
