package io.daifa.agency;

import io.daifa.common.Ack;
import io.daifa.common.CborSerializable;
import io.daifa.common.EntitySettings;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
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
 * A promoter agency (SPEC §5, §7): GMV credited from paid promoter orders (at-least-once from the
 * order feed, each shop event counted once), deposits paid, violations recorded and cleared.
 * Standing and deposit figures are computed by the caller from {@link AgencyState} with the policy
 * in force.
 */
public final class AgencyEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        AgencyEntity.Command, AgencyEvent, AgencyState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Agency");

  public sealed interface Command extends CborSerializable {}

  /** One line's paid amount. */
  public record PaidLine(String lineId, Fen amount) implements CborSerializable {}

  /** A paid promoter order and its lines' paid amounts. */
  public record PaidOrder(String orderId, Instant paidAt, List<PaidLine> lines)
      implements CborSerializable {}

  /**
   * The paid promoter orders of one shop event for this agency, as the order feed read it: the
   * shop's event {@code seqNr} from tag slice {@code slice} (see {@link BatchTally}).
   */
  public record ShopBatch(String shopId, int slice, long seqNr, List<PaidOrder> orders)
      implements CborSerializable {}

  /**
   * Shop events' promoter orders, credited in one journal write; an event credited before (the feed
   * reads again what it had not marked as done when it stopped) is skipped, so a resend changes
   * nothing.
   */
  public record CreditGmv(List<ShopBatch> batches, ActorRef<Outcome<Ack>> replyTo)
      implements Command {}

  /**
   * {@code idempotencyKey} (may be null): a second request with the same key is answered like the
   * first and changes nothing; with another amount it is refused.
   */
  public record PayDeposit(Fen amount, String idempotencyKey, ActorRef<Outcome<Ack>> replyTo)
      implements Command {
    public PayDeposit(Fen amount, ActorRef<Outcome<Ack>> replyTo) {
      this(amount, null, replyTo);
    }
  }

  /** {@code idempotencyKey}: as for {@link PayDeposit}; a retry gets the same violation ID. */
  public record RecordViolation(
      String reason, String idempotencyKey, ActorRef<Outcome<String>> replyTo) implements Command {
    public RecordViolation(String reason, ActorRef<Outcome<String>> replyTo) {
      this(reason, null, replyTo);
    }
  }

  public record ClearViolation(String violationId, ActorRef<Outcome<Ack>> replyTo)
      implements Command {}

  /** The whole state, for in-process readers: its windows grow with the agency's traffic. */
  public record GetState(ActorRef<AgencyState> replyTo) implements Command {}

  /**
   * What the HTTP API shows: the state without its de-duplication windows (every line counted,
   * every admin request), so that the answer stays small enough to cross nodes.
   */
  public record GetView(ActorRef<AgencyState> replyTo) implements Command {}

  /**
   * A settlement page's incentive lines for this agency. Eligibility is the standing in {@code
   * settlementMonth} under {@code depositPolicy} (the one in force then); caps are per {@code
   * quarter}. Resending the page answers the same grants and changes nothing.
   */
  public record AccrueIncentives(
      String pageId,
      YearMonth settlementMonth,
      DepositPolicy depositPolicy,
      Fen cashCap,
      Points pointsCap,
      List<IncentiveLines.Due> dues,
      ActorRef<Outcome<IncentiveLines.Grants>> replyTo)
      implements Command {}

  /** Takes back refunded lines' accruals in the settlement's quarter; a resend changes nothing. */
  public record ClawBack(
      String pageId,
      YearMonth settlementMonth,
      List<IncentiveLines.Claw> claws,
      ActorRef<Outcome<Ack>> replyTo)
      implements Command {}

  public record ClearRiskFlag(String flagId, ActorRef<Outcome<Ack>> replyTo) implements Command {}

  private final String agencyId;
  private final EntitySettings settings;
  private final Clock clock;

  public static void init(ActorSystem<?> system, EntitySettings settings, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), settings, clock)));
  }

  public static Behavior<Command> create(String agencyId, EntitySettings settings, Clock clock) {
    return new AgencyEntity(agencyId, settings, clock);
  }

  private AgencyEntity(String agencyId, EntitySettings settings, Clock clock) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), agencyId));
    this.agencyId = agencyId;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public AgencyState emptyState() {
    return AgencyState.empty(settings.dedupWindow());
  }

  /** The snapshot store keeps the newest two: no retention criteria to delete them again. */
  @Override
  public boolean shouldSnapshot(AgencyState state, AgencyEvent event, long sequenceNr) {
    return sequenceNr % settings.snapshotEvery() == 0;
  }

  @Override
  public EventHandler<AgencyState, AgencyEvent> eventHandler() {
    return AgencyState::apply;
  }

  @Override
  public CommandHandlerWithReply<Command, AgencyEvent, AgencyState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(CreditGmv.class, this::onCreditGmv)
        .onCommand(PayDeposit.class, this::onPayDeposit)
        .onCommand(RecordViolation.class, this::onRecordViolation)
        .onCommand(ClearViolation.class, this::onClearViolation)
        .onCommand(AccrueIncentives.class, this::onAccrueIncentives)
        .onCommand(ClawBack.class, this::onClawBack)
        .onCommand(ClearRiskFlag.class, this::onClearRiskFlag)
        .onCommand(GetState.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .onCommand(GetView.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state.view()))
        .build();
  }

  private ReplyEffect<AgencyEvent, AgencyState> onCreditGmv(AgencyState state, CreditGmv cmd) {
    List<BatchTally> tallies = GmvTallies.of(state, cmd.batches());
    if (tallies.isEmpty()) {
      return Effect().reply(cmd.replyTo(), Outcome.done(Ack.INSTANCE));
    }
    return Effect()
        .persist(new AgencyEvent.GmvTallied(tallies, clock.instant()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(Ack.INSTANCE));
  }

  private ReplyEffect<AgencyEvent, AgencyState> onAccrueIncentives(
      AgencyState state, AccrueIncentives cmd) {
    List<IncentiveLines.Grant> answered = state.incentives().answered(cmd.pageId());
    if (answered != null) {
      return Effect().reply(cmd.replyTo(), Outcome.done(new IncentiveLines.Grants(answered)));
    }
    AgencyEvent.IncentivesAccrued accrued =
        state
            .incentives()
            .decide(
                agencyId,
                cmd.pageId(),
                ShanghaiCalendar.quarterOf(cmd.settlementMonth()),
                cmd.cashCap(),
                cmd.pointsCap(),
                state.standing(cmd.settlementMonth(), cmd.depositPolicy()),
                cmd.dues(),
                clock.instant());
    return Effect()
        .persist(accrued)
        .thenReply(cmd.replyTo(), s -> Outcome.done(new IncentiveLines.Grants(accrued.grants())));
  }

  private ReplyEffect<AgencyEvent, AgencyState> onClawBack(AgencyState state, ClawBack cmd) {
    if (state.incentives().answered(cmd.pageId()) != null) {
      return Effect().reply(cmd.replyTo(), Outcome.done(Ack.INSTANCE));
    }
    return Effect()
        .persist(
            state
                .incentives()
                .clawBack(
                    agencyId,
                    cmd.pageId(),
                    ShanghaiCalendar.quarterOf(cmd.settlementMonth()),
                    cmd.claws(),
                    clock.instant()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(Ack.INSTANCE));
  }

  private ReplyEffect<AgencyEvent, AgencyState> onClearRiskFlag(
      AgencyState state, ClearRiskFlag cmd) {
    RiskFlag flag = state.incentives().flags().get(cmd.flagId());
    if (flag == null) {
      return Effect()
          .reply(cmd.replyTo(), Outcome.refused(ErrorCode.NOT_FOUND, "no flag " + cmd.flagId()));
    }
    if (!flag.isOpen()) {
      return Effect().reply(cmd.replyTo(), Outcome.done(Ack.INSTANCE));
    }
    return Effect()
        .persist(new AgencyEvent.RiskFlagCleared(agencyId, cmd.flagId(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(Ack.INSTANCE));
  }

  private ReplyEffect<AgencyEvent, AgencyState> onPayDeposit(AgencyState state, PayDeposit cmd) {
    if (cmd.amount().compareTo(Fen.ZERO) <= 0) {
      return Effect()
          .reply(cmd.replyTo(), Outcome.refused(ErrorCode.VALIDATION, "amount must be positive"));
    }
    String fingerprint = AgencyState.depositRequest(cmd.amount());
    var earlier = earlierRequest(state, cmd.idempotencyKey(), fingerprint);
    if (earlier != null) {
      return Effect()
          .reply(
              cmd.replyTo(),
              earlier instanceof Outcome.Refused<String> refused
                  ? Outcome.refused(refused.rejection())
                  : Outcome.done(Ack.INSTANCE));
    }
    return Effect()
        .persist(
            new AgencyEvent.DepositPaid(
                agencyId, cmd.amount(), clock.instant(), cmd.idempotencyKey()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(Ack.INSTANCE));
  }

  /**
   * The answer to a request already made with this idempotency key: its own answer when it asked
   * the same, a refusal when it asked something else; null for a new key (or none).
   */
  private static Outcome<String> earlierRequest(
      AgencyState state, String idempotencyKey, String fingerprint) {
    if (idempotencyKey == null) {
      return null;
    }
    AgencyState.AdminRequest earlier = state.requests().get(idempotencyKey);
    if (earlier == null) {
      return null;
    }
    return earlier.fingerprint().equals(fingerprint)
        ? Outcome.done(earlier.answer())
        : Outcome.refused(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "Idempotency-Key " + idempotencyKey + " was used for another request");
  }

  private ReplyEffect<AgencyEvent, AgencyState> onRecordViolation(
      AgencyState state, RecordViolation cmd) {
    var earlier =
        earlierRequest(state, cmd.idempotencyKey(), AgencyState.violationRequest(cmd.reason()));
    if (earlier != null) {
      return Effect().reply(cmd.replyTo(), earlier);
    }
    String violationId = "vio-" + (state.violations().size() + 1);
    return Effect()
        .persist(
            new AgencyEvent.ViolationRecorded(
                agencyId, violationId, cmd.reason(), clock.instant(), cmd.idempotencyKey()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(violationId));
  }

  private ReplyEffect<AgencyEvent, AgencyState> onClearViolation(
      AgencyState state, ClearViolation cmd) {
    Violation violation = state.violations().get(cmd.violationId());
    if (violation == null) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.refused(ErrorCode.NOT_FOUND, "no violation " + cmd.violationId()));
    }
    if (!violation.isOpen()) {
      return Effect().reply(cmd.replyTo(), Outcome.done(Ack.INSTANCE));
    }
    return Effect()
        .persist(new AgencyEvent.ViolationCleared(agencyId, cmd.violationId(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> Outcome.done(Ack.INSTANCE));
  }
}
