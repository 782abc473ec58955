package io.daifa.settlement;

import io.daifa.common.Ack;
import io.daifa.common.CborSerializable;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One settlement cycle's progress and figures (SPEC §8), one entity per cycle ({@code 2026-10}).
 * The run ({@link SettlementRun}) stores each page's decisions here before carrying them out and
 * its figures after, so a run that stops halfway resumes where it stopped, repeats at most the one
 * page it was carrying out, and counts every line once. A completed cycle changes no more.
 */
public final class SettlementEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        SettlementEntity.Command, SettlementEvent, SettlementState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Settlement");

  public sealed interface Command extends CborSerializable {}

  /** Starts the cycle in {@code settlementMonth}, or answers its state if it has started. */
  public record Start(YearMonth settlementMonth, ActorRef<SettlementState> replyTo)
      implements Command {}

  /** Stores a page's decisions; it must start where the last page ended. */
  public record Decide(SettlementPage page, ActorRef<Outcome<Ack>> replyTo) implements Command {}

  /** Records that the pending page was carried out, with its figures. */
  public record Applied(
      String pageId,
      SettlementTotals cycleTotals,
      Map<String, SettlementTotals> byShop,
      Map<String, SettlementTotals> byAgency,
      ActorRef<Outcome<Ack>> replyTo)
      implements Command {}

  public record Complete(ActorRef<Outcome<SettlementState>> replyTo) implements Command {}

  public record Get(ActorRef<SettlementState> replyTo) implements Command {}

  private final String cycle;
  private final int snapshotEvery;
  private final Clock clock;

  public static void init(ActorSystem<?> system, int snapshotEvery, Clock clock) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_TYPE_KEY,
                ctx -> new SettlementEntity(ctx.getEntityId(), snapshotEvery, clock)));
  }

  SettlementEntity(String cycle, int snapshotEvery, Clock clock) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), cycle));
    this.cycle = cycle;
    this.snapshotEvery = snapshotEvery;
    this.clock = clock;
  }

  @Override
  public SettlementState emptyState() {
    return SettlementState.empty(cycle);
  }

  /** The snapshot store keeps the newest two: no retention criteria to delete them again. */
  @Override
  public boolean shouldSnapshot(SettlementState state, SettlementEvent event, long sequenceNr) {
    return sequenceNr % snapshotEvery == 0;
  }

  @Override
  public EventHandler<SettlementState, SettlementEvent> eventHandler() {
    return SettlementState::apply;
  }

  @Override
  public CommandHandlerWithReply<Command, SettlementEvent, SettlementState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(Decide.class, this::onDecide)
        .onCommand(Applied.class, this::onApplied)
        .onCommand(Complete.class, this::onComplete)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private ReplyEffect<SettlementEvent, SettlementState> onStart(SettlementState state, Start cmd) {
    if (state.status() != SettlementState.Status.NOT_STARTED) {
      return Effect().reply(cmd.replyTo(), state);
    }
    return Effect()
        .persist(
            new SettlementEvent.Started(cycle, cmd.settlementMonth().toString(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> s);
  }

  private ReplyEffect<SettlementEvent, SettlementState> onDecide(
      SettlementState state, Decide cmd) {
    SettlementPage page = cmd.page();
    if (state.pending() != null && state.pending().pageId().equals(page.pageId())) {
      return Effect().reply(cmd.replyTo(), Outcome.done(Ack.INSTANCE));
    }
    if (state.status() != SettlementState.Status.RUNNING
        || state.pending() != null
        || !state.checkpoint().equals(page.from())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.refused(
                  ErrorCode.SETTLEMENT_CONFLICT,
                  "settlement " + cycle + " is not at " + page.from() + " with nothing pending"));
    }
    return Effect()
        .persist(new SettlementEvent.PageDecided(cycle, page, clock.instant()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(Ack.INSTANCE));
  }

  private ReplyEffect<SettlementEvent, SettlementState> onApplied(
      SettlementState state, Applied cmd) {
    if (state.pending() == null || !state.pending().pageId().equals(cmd.pageId())) {
      // Recorded before: the run is repeating a page it had finished.
      return Effect().reply(cmd.replyTo(), Outcome.done(Ack.INSTANCE));
    }
    return Effect()
        .persist(
            new SettlementEvent.PageApplied(
                cycle,
                cmd.pageId(),
                cmd.cycleTotals(),
                cmd.byShop(),
                cmd.byAgency(),
                clock.instant()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(Ack.INSTANCE));
  }

  private ReplyEffect<SettlementEvent, SettlementState> onComplete(
      SettlementState state, Complete cmd) {
    if (state.status() == SettlementState.Status.COMPLETED) {
      return Effect().reply(cmd.replyTo(), Outcome.done(state));
    }
    if (state.pending() != null || !state.checkpoint().isDone()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.refused(
                  ErrorCode.SETTLEMENT_CONFLICT, "settlement " + cycle + " has lines left"));
    }
    return Effect()
        .persist(new SettlementEvent.Completed(cycle, clock.instant()))
        .thenReply(cmd.replyTo(), Outcome::done);
  }
}
