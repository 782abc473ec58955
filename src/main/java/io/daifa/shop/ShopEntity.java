package io.daifa.shop;

import io.daifa.common.Decision;
import io.daifa.common.EntitySettings;
import io.daifa.common.IdlePassivation;
import io.daifa.common.InPlaceState;
import io.daifa.common.Outcome;
import io.daifa.common.Recoveries;
import io.daifa.common.RecoveryTimer;
import io.daifa.common.RememberedEntities;
import io.daifa.order.DropshipDispatch;
import io.daifa.shop.ShopCommand.ConfirmAcknowledged;
import io.daifa.shop.ShopCommand.DispatchesAcknowledged;
import io.daifa.shop.ShopCommand.GetState;
import io.daifa.shop.ShopCommand.GetView;
import io.daifa.shop.ShopCommand.Idle;
import io.daifa.shop.ShopCommand.IngestOrders;
import io.daifa.shop.ShopCommand.IngestResult;
import io.daifa.shop.ShopCommand.Redeliver;
import io.daifa.shop.ShopCommand.Stop;
import io.daifa.shop.ShopEvent.DispatchesConfirmed;
import io.daifa.shop.ShopEvent.LinesReturned;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shop: its bindings, allocation rules, manual queue and order intake.
 *
 * <p>Protocol: {@link ShopCommand.Register} first; then {@link ShopCommand.Request requests}
 * (invites, unbinding, allocation rules, market picks, the manual queue), approvals and returned
 * lines announced by suppliers, and {@link IngestOrders}, which routes a batch of orders and
 * persists it as one event. The decisions are made by pure classes ({@link ShopRequests}, {@link
 * ShopCommands}); this class persists what they decide, answers, and delivers. Each dispatch is
 * then sent to its supplier and sent again until the supplier answers {@link
 * DispatchesAcknowledged}; pending dispatches are part of the state, so a crash between persist and
 * forward only delays them until recovery. Routed batches reach the read side through {@link
 * ShopReadFeed}.
 */
public final class ShopEntity
    extends EventSourcedBehaviorWithEnforcedReplies<ShopCommand, ShopEvent, ShopState> {

  public static final EntityTypeKey<ShopCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(ShopCommand.class, "Shop");

  private static final Logger log = LoggerFactory.getLogger(ShopEntity.class);

  private final String shopId;
  private final EntitySettings settings;
  private final Clock clock;
  private final SupplierPort suppliers;
  private final ShopObserver observer;
  private final ShopDeliveries deliveries;
  private final ShopReadFeed readFeed;
  private final ActorContext<ShopCommand> context;

  private final IdlePassivation<ShopCommand> passivation;

  private final ShopCommands commands;
  private final ShopRequests requests;

  private final RecoveryTimer recovery;

  /** The orders seen change in place. */
  private final InPlaceState<ShopState> inPlace;

  /** Orders persisted since this entity's last snapshot, or since it started. */
  private long ordersSinceSnapshot;

  public static Behavior<ShopCommand> create(
      String shopId, EntitySettings settings, Clock clock, SupplierPort suppliers) {
    return create(shopId, settings, clock, suppliers, ReadSidePort.NONE, ShopObserver.NONE);
  }

  public static Behavior<ShopCommand> create(
      String shopId,
      EntitySettings settings,
      Clock clock,
      SupplierPort suppliers,
      ReadSidePort readSide,
      ShopObserver observer) {
    return create(shopId, settings, clock, suppliers, readSide, observer, null);
  }

  private static Behavior<ShopCommand> create(
      String shopId,
      EntitySettings settings,
      Clock clock,
      SupplierPort suppliers,
      ReadSidePort readSide,
      ShopObserver observer,
      EntityContext<ShopCommand> sharded) {
    return RememberedEntities.behavior(
        settings,
        Idle.INSTANCE,
        sharded,
        (context, recoveries, timers, passivation) ->
            new ShopEntity(
                shopId,
                settings,
                clock,
                new ShopEntity.Ports(suppliers, readSide),
                observer,
                context,
                recoveries,
                timers,
                passivation));
  }

  /** What a shop talks to outside itself. */
  private record Ports(SupplierPort suppliers, ReadSidePort readSide) {}

  /** Starts this entity type on Cluster Sharding, remembered ({@link RememberedEntities}). */
  public static void init(
      ActorSystem<?> system,
      EntitySettings settings,
      Clock clock,
      SupplierPort suppliers,
      ReadSidePort readSide,
      ShopObserver observer) {
    RememberedEntities.init(
        system,
        ENTITY_TYPE_KEY,
        Stop.INSTANCE,
        ctx -> create(ctx.getEntityId(), settings, clock, suppliers, readSide, observer, ctx));
  }

  private ShopEntity(
      String shopId,
      EntitySettings settings,
      Clock clock,
      Ports ports,
      ShopObserver observer,
      ActorContext<ShopCommand> context,
      Recoveries recoveries,
      TimerScheduler<ShopCommand> timers,
      IdlePassivation<ShopCommand> passivation) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), shopId),
        RememberedEntities.PERSIST_FAILURE_BACKOFF);
    this.passivation = passivation;
    this.recovery = new RecoveryTimer(recoveries, "shop " + shopId);
    this.inPlace = new InPlaceState<>(ShopState::copyForReaders, recovery);
    this.shopId = shopId;
    this.settings = settings;
    this.clock = clock;
    this.suppliers = ports.suppliers();
    this.observer = observer;
    this.context = context;
    this.deliveries = new ShopDeliveries(shopId, settings, clock, suppliers, timers);
    this.readFeed =
        new ShopReadFeed(shopId, ports.readSide(), context, timers, settings.redeliveryInterval());
    this.commands = new ShopCommands(shopId, settings, clock);
    this.requests =
        new ShopRequests(new ShopSetup(shopId, clock), commands, new ShopPicks(shopId, clock));
  }

  @Override
  public ShopState emptyState() {
    return inPlace.empty(ShopState.empty(shopId, settings.inviteTtl(), settings.dedupWindow()));
  }

  /**
   * Every {@code snapshotEvery} events, and also after {@code snapshotEveryOrders} orders: with
   * batch events, a count of events says little about how much a recovery replays. The count of
   * orders restarts with the entity, which only delays the next snapshot. The snapshot store keeps
   * the newest two (no retention criteria: Pekko would ask it to delete the older ones again).
   */
  @Override
  public boolean shouldSnapshot(ShopState state, ShopEvent event, long sequenceNr) {
    if (event instanceof ShopEvent.OrdersRouted routed) {
      ordersSinceSnapshot += routed.orders().size();
    }
    if (sequenceNr % settings.snapshotEvery() != 0
        && ordersSinceSnapshot < settings.snapshotEveryOrders()) {
      return false;
    }
    ordersSinceSnapshot = 0;
    return true;
  }

  @Override
  public SnapshotAdapter<ShopState> snapshotAdapter() {
    return inPlace.snapshots(ShopState.class);
  }

  @Override
  public Set<String> tagsFor(ShopEvent event) {
    return ShopTags.of(shopId, event);
  }

  @Override
  public SignalHandler<ShopState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              recovery.completed(log, state.recentOrders().size() + " orders in its de-dup window");
              observer.manualQueueSize(shopId, state.manualQueue().size());
              // A snapshot with no event after it applies no event: take its stamp here.
              deliveries.stampedAt(state.lastAt());
              deliveries.resend(state);
              readFeed.recovered(state.readSideThrough(), lastSequenceNumber(context));
            })
        .onSignal(PostStop.instance(), state -> recovery.ended())
        .build();
  }

  @Override
  public EventHandler<ShopState, ShopEvent> eventHandler() {
    return (state, event) -> {
      ShopState next = inPlace.toApply(state).apply(event).stamped(event.at());
      deliveries.stampedAt(next.lastAt());
      return next;
    };
  }

  @Override
  public CommandHandlerWithReply<ShopCommand, ShopEvent, ShopState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(ShopCommand.Request.class, this::onRequest)
        .onCommand(DispatchesAcknowledged.class, this::onDispatchesAcknowledged)
        .onCommand(ShopCommand.SupplierNotice.class, this::onNotice)
        .onCommand(Redeliver.class, this::onRedeliver)
        .onCommand(
            ShopCommand.ReadSideProjected.class,
            (s, c) -> feeding(() -> readFeed.projected(c.seqNr())))
        .onCommand(
            ShopCommand.ReadSideReadBack.class,
            (s, c) -> feeding(() -> readFeed.readBackEnded(c.result(), c.error())))
        .onCommand(ShopCommand.FeedReadSide.class, (s, c) -> feeding(readFeed::tick))
        .onCommand(ConfirmAcknowledged.class, this::onConfirmAcknowledged)
        .onCommand(
            Idle.class,
            (s, c) -> {
              passivation.onIdle(owesNothing(s));
              return Effect().none().thenNoReply();
            })
        .onCommand(
            Stop.class,
            (s, c) -> {
              passivation.beforeStop(owesNothing(s), Redeliver.INSTANCE);
              return Effect().stop().thenNoReply();
            })
        .onCommand(GetState.class, (s, c) -> Effect().reply(c.replyTo(), s.copyForReaders()))
        .onCommand(GetView.class, (s, c) -> Effect().reply(c.replyTo(), ShopView.of(s)))
        .onCommand(IngestOrders.class, this::onIngest)
        .onCommand(
            ShopCommand.GetStats.class,
            (s, c) -> Effect().reply(c.replyTo(), requests.stats(s, c.month())))
        .build();
  }

  /**
   * Carries out a request's decision: persists its event, if any, then sends the dispatch it made
   * (a queued line assigned by hand) and answers.
   */
  private ReplyEffect<ShopEvent, ShopState> onRequest(
      ShopState state, ShopCommand.Request<?> request) {
    return carryOut(state, request);
  }

  private <R> ReplyEffect<ShopEvent, ShopState> carryOut(
      ShopState state, ShopCommand.Request<R> request) {
    Decision<ShopEvent, R> decision = requests.decide(state, request);
    ActorRef<Outcome<R>> replyTo = request.replyTo();
    if (decision.event() == null) {
      return Effect().reply(replyTo, decision.answer());
    }
    List<DropshipDispatch> dispatches =
        decision.event() instanceof ShopEvent.QueuedLineDispatched d
            ? List.of(d.dispatch())
            : List.of();
    return Effect()
        .persist(decision.event())
        .thenRun(s -> forward(s, dispatches))
        .thenReply(replyTo, s -> decision.answer());
  }

  private ReplyEffect<ShopEvent, ShopState> onIngest(ShopState state, IngestOrders cmd) {
    ShopCommands.Intake intake = commands.ingest(state, cmd.orders());
    IngestResult result = new IngestResult(cmd.batchId(), intake.outcomes());
    if (intake.routed().isEmpty()) {
      return Effect().reply(cmd.replyTo(), result);
    }
    // The whole batch is one event; acknowledgements received since the last write ride in it.
    List<String> confirming = deliveries.toConfirm(state);
    ShopEvent.OrdersRouted event =
        new ShopEvent.OrdersRouted(
            shopId, intake.routed(), confirming, readFeed.projectedThrough(), state.stamp(clock));
    long start = System.nanoTime();
    return Effect()
        .persist(event)
        .thenRun(
            s -> {
              deliveries.confirmed(confirming);
              readFeed.written(lastSequenceNumber(context), event);
              observer.intakePersisted(intake.routed().size(), System.nanoTime() - start);
              forward(s, intake.dispatches());
            })
        .thenReply(cmd.replyTo(), s -> result);
  }

  /**
   * A supplier's notice (an approval, returned lines, a new commission), sent until acknowledged:
   * records its event unless there is none (recorded before, or nothing to record), then
   * acknowledges it, and sends the dispatches it made (returned lines rerouted to backups).
   */
  private ReplyEffect<ShopEvent, ShopState> onNotice(
      ShopState state, ShopCommand.SupplierNotice notice) {
    ShopEvent event = requests.recorded(state, notice);
    String supplierId = notice.supplierId();
    String noticeId = notice.noticeId();
    if (event == null) {
      suppliers.acknowledgeNotice(supplierId, noticeId);
      return Effect().none().thenNoReply();
    }
    List<DropshipDispatch> dispatches =
        event instanceof LinesReturned returned ? returned.rerouted() : List.of();
    return Effect()
        .persist(event)
        .thenRun(
            s -> {
              forward(s, dispatches);
              suppliers.acknowledgeNotice(supplierId, noticeId);
            })
        .thenNoReply();
  }

  /**
   * Remembers acknowledgements without writing: they are confirmed with the next intake write, or
   * on the next redelivery tick when the shop is quiet.
   */
  private ReplyEffect<ShopEvent, ShopState> onDispatchesAcknowledged(
      ShopState state, DispatchesAcknowledged cmd) {
    deliveries.acknowledge(state, cmd.dispatchIds());
    return Effect().none().thenNoReply();
  }

  /** Confirms what was acknowledged since the last write, then resends what is still owed. */
  private ReplyEffect<ShopEvent, ShopState> onRedeliver(ShopState state, Redeliver cmd) {
    List<String> confirming = deliveries.toConfirm(state);
    if (confirming.isEmpty()) {
      deliveries.resend(state);
      return Effect().none().thenNoReply();
    }
    return confirm(state, confirming, s -> deliveries.resendAfterConfirming(s, confirming));
  }

  /** Confirms acknowledgements the previous confirming write could not hold. */
  private ReplyEffect<ShopEvent, ShopState> onConfirmAcknowledged(
      ShopState state, ConfirmAcknowledged cmd) {
    List<String> confirming = deliveries.toConfirm(state);
    if (confirming.isEmpty()) {
      return Effect().none().thenNoReply();
    }
    return confirm(state, confirming, s -> deliveries.afterConfirming(s, confirming));
  }

  /**
   * Writes that these acknowledged dispatches are delivered, outside intake; then {@code after}.
   */
  private ReplyEffect<ShopEvent, ShopState> confirm(
      ShopState state, List<String> confirming, Consumer<ShopState> after) {
    return Effect()
        .persist(new DispatchesConfirmed(shopId, confirming, state.stamp(clock)))
        .thenRun(after::accept)
        .thenNoReply();
  }

  /** A step of the read-side feed, which writes nothing to the journal. */
  private ReplyEffect<ShopEvent, ShopState> feeding(Runnable step) {
    step.run();
    return Effect().none().thenNoReply();
  }

  /** Nothing to deliver to suppliers or to the read side: the shop may leave memory. */
  private boolean owesNothing(ShopState state) {
    return state.pendingDispatches().isEmpty() && readFeed.owesNothing();
  }

  private void forward(ShopState state, List<DropshipDispatch> dispatches) {
    observer.manualQueueSize(shopId, state.manualQueue().size());
    deliveries.afterPersist(dispatches);
  }
}
