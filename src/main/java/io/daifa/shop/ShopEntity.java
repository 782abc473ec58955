package io.daifa.shop;

import io.daifa.common.Decision;
import io.daifa.common.EntitySettings;
import io.daifa.common.IdlePassivation;
import io.daifa.common.Outcome;
import io.daifa.common.Recoveries;
import io.daifa.common.RememberedEntities;
import io.daifa.common.RememberedEntity;
import io.daifa.common.SnapshotPace;
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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

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
public final class ShopEntity extends RememberedEntity<ShopCommand, ShopEvent, ShopState> {

  public static final EntityTypeKey<ShopCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(ShopCommand.class, "Shop");

  private final String shopId;
  private final ShopWiring wiring;
  private final ActorContext<ShopCommand> context;
  private final ShopDeliveries deliveries;
  private final ShopReadFeed readFeed;
  private final ShopCommands commands;
  private final ShopRequests requests;
  private final SnapshotPace snapshotPace;

  /** A shop outside sharding (entity tests): it never passivates itself. */
  public static Behavior<ShopCommand> create(String shopId, ShopWiring wiring) {
    return create(shopId, wiring, null);
  }

  private static Behavior<ShopCommand> create(
      String shopId, ShopWiring wiring, EntityContext<ShopCommand> sharded) {
    return RememberedEntities.behavior(
        wiring.settings(),
        Idle.INSTANCE,
        sharded,
        (context, recoveries, timers, passivation) ->
            new ShopEntity(shopId, wiring, context, recoveries, timers, passivation));
  }

  /** Starts this entity type on Cluster Sharding, remembered ({@link RememberedEntities}). */
  public static void init(ActorSystem<?> system, ShopWiring wiring) {
    RememberedEntities.init(
        system, ENTITY_TYPE_KEY, Stop.INSTANCE, ctx -> create(ctx.getEntityId(), wiring, ctx));
  }

  private ShopEntity(
      String shopId,
      ShopWiring wiring,
      ActorContext<ShopCommand> context,
      Recoveries recoveries,
      TimerScheduler<ShopCommand> timers,
      IdlePassivation<ShopCommand> passivation) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), shopId),
        "shop " + shopId,
        wiring.journal(),
        ShopState.class,
        ShopState::copyForReaders,
        recoveries,
        passivation,
        Redeliver.INSTANCE);
    EntitySettings settings = wiring.settings();
    Clock clock = wiring.clock();
    this.shopId = shopId;
    this.wiring = wiring;
    this.context = context;
    this.snapshotPace = new SnapshotPace(settings.snapshotEvery(), settings.snapshotEveryOrders());
    this.deliveries = new ShopDeliveries(shopId, settings, clock, wiring.suppliers(), timers);
    this.readFeed =
        new ShopReadFeed(shopId, wiring.readSide(), context, timers, settings.redeliveryInterval());
    this.commands = new ShopCommands(shopId, settings, clock);
    this.requests =
        new ShopRequests(new ShopSetup(shopId, clock), commands, new ShopPicks(shopId, clock));
  }

  @Override
  protected ShopState initialState() {
    return ShopState.empty(shopId, wiring.settings().inviteTtl(), wiring.settings().dedupWindow());
  }

  /**
   * Every {@code snapshotEvery} events, and also after {@code snapshotEveryOrders} orders: with
   * batch events, a count of events says little about how much a recovery replays. Not paced by the
   * snapshot's size as a supplier's is: a shop's de-dup window may hold 300,000 orders, too many to
   * replay. The snapshot store keeps the newest two (no retention criteria: Pekko would ask it to
   * delete the older ones again).
   */
  @Override
  public boolean shouldSnapshot(ShopState state, ShopEvent event, long sequenceNr) {
    int orders = event instanceof ShopEvent.OrdersRouted routed ? routed.orders().size() : 0;
    return snapshotPace.due(orders, 0);
  }

  @Override
  public Set<String> tagsFor(ShopEvent event) {
    return ShopTags.of(shopId, event);
  }

  @Override
  protected String recoveredSize(ShopState state) {
    return state.recentOrders().size() + " orders in its de-dup window";
  }

  @Override
  protected void recovered(ShopState state) {
    wiring.observer().manualQueueSize(shopId, state.manualQueue().size());
    // A snapshot with no event after it applies no event: take its stamp here.
    deliveries.stampedAt(state.lastAt());
    deliveries.resend(state);
    readFeed.recovered(state.readSideThrough(), lastSequenceNumber(context));
  }

  @Override
  protected ShopState applied(ShopState state, ShopEvent event) {
    ShopState next = state.apply(event).stamped(event.at());
    deliveries.stampedAt(next.lastAt());
    return next;
  }

  @Override
  public CommandHandlerWithReply<ShopCommand, ShopEvent, ShopState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(ShopCommand.Request.class, (s, c) -> carryOut(s, (ShopCommand.Request<?>) c))
        .onCommand(
            DispatchesAcknowledged.class,
            (s, c) -> writingNothing(() -> deliveries.acknowledge(s, c.dispatchIds())))
        .onCommand(ShopCommand.SupplierNotice.class, this::onNotice)
        .onCommand(Redeliver.class, (s, c) -> confirmAcknowledged(s, true))
        .onCommand(
            ShopCommand.ReadSideProjected.class,
            (s, c) -> writingNothing(() -> readFeed.projected(c.seqNr())))
        .onCommand(
            ShopCommand.ReadSideReadBack.class,
            (s, c) -> writingNothing(() -> readFeed.readBackEnded(c.result(), c.error())))
        .onCommand(ShopCommand.FeedReadSide.class, (s, c) -> writingNothing(readFeed::tick))
        .onCommand(ConfirmAcknowledged.class, (s, c) -> confirmAcknowledged(s, false))
        .onCommand(Idle.class, (s, c) -> onIdle(owesNothing(s)))
        .onCommand(Stop.class, (s, c) -> onStop(owesNothing(s)))
        .onCommand(GetState.class, (s, c) -> Effect().reply(c.replyTo(), s.copyForReaders()))
        .onCommand(GetView.class, (s, c) -> Effect().reply(c.replyTo(), ShopView.of(s)))
        .onCommand(IngestOrders.class, this::onIngest)
        .build();
  }

  /**
   * Carries out a request's decision: persists its event, if any, then sends the dispatch it made
   * (a queued line assigned by hand) and answers.
   */
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
            shopId,
            intake.routed(),
            confirming,
            readFeed.projectedThrough(),
            state.stamp(wiring.clock()));
    long start = System.nanoTime();
    return Effect()
        .persist(event)
        .thenRun(
            s -> {
              deliveries.confirmed(confirming);
              readFeed.written(lastSequenceNumber(context), event);
              wiring.observer().intakePersisted(intake.routed().size(), System.nanoTime() - start);
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
      wiring.suppliers().acknowledgeNotice(supplierId, noticeId);
      return Effect().none().thenNoReply();
    }
    List<DropshipDispatch> dispatches =
        event instanceof LinesReturned returned ? returned.rerouted() : List.of();
    return Effect()
        .persist(event)
        .thenRun(
            s -> {
              forward(s, dispatches);
              wiring.suppliers().acknowledgeNotice(supplierId, noticeId);
            })
        .thenNoReply();
  }

  /**
   * Writes that the dispatches acknowledged since the last write are delivered (acknowledgements
   * ride in intake writes; this is for a quiet shop, or for what one write could not hold). On the
   * redelivery tick ({@code resend}), then sends again what is still owed.
   */
  private ReplyEffect<ShopEvent, ShopState> confirmAcknowledged(ShopState state, boolean resend) {
    List<String> confirming = deliveries.toConfirm(state);
    if (confirming.isEmpty()) {
      if (resend) {
        deliveries.resend(state);
      }
      return Effect().none().thenNoReply();
    }
    return Effect()
        .persist(new DispatchesConfirmed(shopId, confirming, state.stamp(wiring.clock())))
        .thenRun(
            s -> {
              if (resend) {
                deliveries.resendAfterConfirming(s, confirming);
              } else {
                deliveries.afterConfirming(s, confirming);
              }
            })
        .thenNoReply();
  }

  /** Nothing to deliver to suppliers or to the read side: the shop may leave memory. */
  private boolean owesNothing(ShopState state) {
    return state.pendingDispatches().isEmpty() && readFeed.owesNothing();
  }

  private void forward(ShopState state, List<DropshipDispatch> dispatches) {
    wiring.observer().manualQueueSize(shopId, state.manualQueue().size());
    deliveries.afterPersist(dispatches);
  }
}
