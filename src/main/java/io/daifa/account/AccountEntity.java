package io.daifa.account;

import io.daifa.common.CborSerializable;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import java.time.Clock;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * An account's credentials: its role, name and the hash of its API key. Kept apart from the shop
 * and supplier entities so that checking a key never wakes (or, with remember-entities, pins) a
 * domain entity: a made-up account ID costs one journal read, then the entity passivates.
 *
 * <p>Protocol: {@link Create} once (again with the same key hash answers the same account, so that
 * a retried creation is harmless; again with another key hash but the same role, name and kind is a
 * retry whose first answer was lost — its key was only ever in one node's memory — and makes the
 * new key the account's, revoking the old); {@link RotateKey}; {@link Authenticate} with the hash
 * of a presented key; {@link GetAccount}.
 */
public final class AccountEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        AccountEntity.Command, AccountEntity.AccountEvent, AccountEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Account");

  public sealed interface Command extends CborSerializable {}

  /** {@code kind} is the agency kind, null for shops and suppliers. */
  public record Create(
      AccountRole role,
      String name,
      String kind,
      String keyHash,
      ActorRef<Outcome<Account>> replyTo)
      implements Command {}

  public record Authenticate(String keyHash, ActorRef<Outcome<Account>> replyTo)
      implements Command {}

  /** Makes {@code keyHash} the account's key; the old key stops working. */
  public record RotateKey(String keyHash, ActorRef<Outcome<Account>> replyTo) implements Command {}

  /** The account, or a state with none when no account has this ID. */
  public record GetAccount(ActorRef<State> replyTo) implements Command {}

  public record Account(
      String accountId, AccountRole role, String name, String kind, Instant createdAt)
      implements CborSerializable {}

  public sealed interface AccountEvent extends CborSerializable {}

  public record AccountCreated(
      String accountId, AccountRole role, String name, String kind, String keyHash, Instant at)
      implements AccountEvent {}

  public record KeyRotated(String accountId, String keyHash, Instant at) implements AccountEvent {}

  /** Empty until created. */
  public record State(Account account, String keyHash) implements CborSerializable {}

  private final String accountId;
  private final Clock clock;

  public static void init(ActorSystem<?> system, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), clock)));
  }

  public static Behavior<Command> create(String accountId, Clock clock) {
    return new AccountEntity(accountId, clock);
  }

  private AccountEntity(String accountId, Clock clock) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), accountId));
    this.accountId = accountId;
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new State(null, null);
  }

  @Override
  public EventHandler<State, AccountEvent> eventHandler() {
    return (state, event) -> {
      if (event instanceof AccountCreated e) {
        return new State(
            new Account(e.accountId(), e.role(), e.name(), e.kind(), e.at()), e.keyHash());
      }
      return new State(state.account(), ((KeyRotated) event).keyHash());
    };
  }

  @Override
  public CommandHandlerWithReply<Command, AccountEvent, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Authenticate.class, this::onAuthenticate)
        .onCommand(RotateKey.class, this::onRotateKey)
        .onCommand(GetAccount.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private ReplyEffect<AccountEvent, State> onCreate(State state, Create cmd) {
    Account account = state.account();
    if (account != null) {
      if (ApiKeys.sameSecret(state.keyHash(), cmd.keyHash())) {
        return Effect().reply(cmd.replyTo(), Outcome.done(account));
      }
      boolean sameRequest =
          account.role() == cmd.role()
              && account.name().equals(cmd.name())
              && java.util.Objects.equals(account.kind(), cmd.kind());
      if (!sameRequest) {
        return Effect()
            .reply(
                cmd.replyTo(),
                Outcome.refused(
                    ErrorCode.ALREADY_EXISTS,
                    "account "
                        + accountId
                        + " was created with this Idempotency-Key for another name or kind"));
      }
      return rotate(cmd.keyHash(), cmd.replyTo());
    }
    return Effect()
        .persist(
            new AccountCreated(
                accountId, cmd.role(), cmd.name(), cmd.kind(), cmd.keyHash(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(s.account()));
  }

  private ReplyEffect<AccountEvent, State> onRotateKey(State state, RotateKey cmd) {
    if (state.account() == null) {
      return Effect()
          .reply(cmd.replyTo(), Outcome.refused(ErrorCode.NOT_FOUND, "no account " + accountId));
    }
    return rotate(cmd.keyHash(), cmd.replyTo());
  }

  private ReplyEffect<AccountEvent, State> rotate(
      String keyHash, ActorRef<Outcome<Account>> replyTo) {
    return Effect()
        .persist(new KeyRotated(accountId, keyHash, clock.instant()))
        .thenReply(replyTo, s -> Outcome.done(s.account()));
  }

  private ReplyEffect<AccountEvent, State> onAuthenticate(State state, Authenticate cmd) {
    boolean valid = state.account() != null && ApiKeys.sameSecret(state.keyHash(), cmd.keyHash());
    return Effect()
        .reply(
            cmd.replyTo(),
            valid
                ? Outcome.done(state.account())
                : Outcome.refused(ErrorCode.UNAUTHORIZED, "unknown API key"));
  }
}
