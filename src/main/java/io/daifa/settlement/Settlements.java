package io.daifa.settlement;

import io.daifa.common.Outcome;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.IncentivePolicy;
import io.daifa.policy.PolicyVersions;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Settling cycles (SPEC §8): by request any time after a cycle's month has ended, and by schedule
 * on the configured day of the next month. A cycle waits for every earlier cycle with receipts.
 * Requests from any node go to the cluster's one {@link SettlementDriver}, which runs at most one
 * settlement per cycle; a request during a run joins it.
 */
public final class Settlements {

  /** How long a request waits for a run at most; the HTTP API answers with progress long before. */
  private static final Duration RUN_PATIENCE = Duration.ofHours(1);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final ActorRef<SettlementDriver.Command> driver;
  private final Duration askTimeout;

  public Settlements(
      ActorSystem<?> system,
      SettlementStore store,
      Supplier<CompletionStage<PolicyVersions<DepositPolicy>>> deposits,
      PolicyVersions<IncentivePolicy> incentives,
      Duration askTimeout,
      Clock clock) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    var config = system.settings().config().getConfig("daifa.settlement");
    SettlementCycles cycles =
        new SettlementCycles(system, store, deposits, incentives, askTimeout, clock);
    SettlementDriver.Schedule schedule =
        new SettlementDriver.Schedule(
            config.getInt("day-of-month"), config.getDuration("check-every"));
    this.driver =
        ClusterSingleton.get(system)
            .init(
                SingletonActor.of(
                    Behaviors.supervise(SettlementDriver.create(cycles::run, schedule, clock))
                        .onFailure(SupervisorStrategy.restart()),
                    "settlement-driver"));
  }

  /** Settles {@code cycle}, or joins its run under way; a completed cycle answers as it stands. */
  public CompletionStage<Outcome<SettlementState>> settle(YearMonth cycle) {
    return AskPattern.<SettlementDriver.Command, SettlementDriver.Answer>ask(
            driver,
            replyTo -> new SettlementDriver.Settle(cycle.toString(), replyTo),
            RUN_PATIENCE,
            system.scheduler())
        .thenCompose(
            answer ->
                answer.failure() == null
                    ? CompletableFuture.completedFuture(answer.outcome())
                    : CompletableFuture.failedFuture(
                        new IllegalStateException(
                            "settlement " + cycle + " stopped: " + answer.failure())));
  }

  public CompletionStage<SettlementState> state(YearMonth cycle) {
    return sharding
        .entityRefFor(SettlementEntity.ENTITY_TYPE_KEY, cycle.toString())
        .ask(SettlementEntity.Get::new, askTimeout);
  }
}
