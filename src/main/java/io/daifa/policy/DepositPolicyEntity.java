package io.daifa.policy;

import io.daifa.common.Ack;
import io.daifa.common.CborSerializable;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The deposit tier versions added through the API, on top of those in the policy file. One entity
 * (ID {@link #ID}) holds them all: there are a handful a year. A version may only start in a month
 * that has not begun in Shanghai, so no figure already shown ever changes.
 */
public final class DepositPolicyEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        DepositPolicyEntity.Command, DepositPolicyEntity.VersionAdded, DepositPolicyEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "DepositPolicy");

  public static final String ID = "deposit-tiers";

  public sealed interface Command extends CborSerializable {}

  /** {@code existing} are the versions the caller knows of (the file's), to refuse a clash. */
  public record AddVersion(
      DepositPolicy version, List<DepositPolicy> existing, ActorRef<Outcome<Ack>> replyTo)
      implements Command {}

  public record GetVersions(ActorRef<State> replyTo) implements Command {}

  public record VersionAdded(DepositPolicy version, Instant at) implements CborSerializable {}

  public record State(List<DepositPolicy> added) implements CborSerializable {
    public State {
      added = List.copyOf(added);
    }
  }

  private final Clock clock;

  public static void init(ActorSystem<?> system, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, ctx -> new DepositPolicyEntity(ctx.getEntityId(), clock)));
  }

  private DepositPolicyEntity(String id, Clock clock) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), id));
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public EventHandler<State, VersionAdded> eventHandler() {
    return (state, event) -> {
      List<DepositPolicy> added = new ArrayList<>(state.added());
      added.add(event.version());
      return new State(added);
    };
  }

  @Override
  public CommandHandlerWithReply<Command, VersionAdded, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(AddVersion.class, this::onAdd)
        .onCommand(GetVersions.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private ReplyEffect<VersionAdded, State> onAdd(State state, AddVersion cmd) {
    DepositPolicy version = cmd.version();
    if (!version.effectiveFrom().isAfter(ShanghaiCalendar.monthOf(clock.instant()))) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.refused(
                  io.daifa.common.Rejection.invalid(
                      "effectiveFrom",
                      "must be a month that has not begun (Asia/Shanghai): "
                          + version.effectiveFrom()
                          + " has")));
    }
    List<DepositPolicy> all = new ArrayList<>(cmd.existing());
    all.addAll(state.added());
    for (DepositPolicy known : all) {
      if (known.effectiveFrom().equals(version.effectiveFrom())) {
        return Effect()
            .reply(
                cmd.replyTo(),
                known.equals(version)
                    ? Outcome.done(Ack.INSTANCE)
                    : Outcome.refused(
                        ErrorCode.ALREADY_EXISTS,
                        "a different version is already in force from " + version.effectiveFrom()));
      }
    }
    return Effect()
        .persist(new VersionAdded(version, clock.instant()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(Ack.INSTANCE));
  }
}
