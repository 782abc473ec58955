package io.daifa.supplier;

import io.daifa.common.Decision;
import io.daifa.common.EntitySettings;
import io.daifa.common.IdlePassivation;
import io.daifa.common.InPlaceState;
import io.daifa.common.Outcome;
import io.daifa.common.Recoveries;
import io.daifa.common.RecoveryTimer;
import io.daifa.common.Redelivery;
import io.daifa.common.RememberedEntities;
import io.daifa.common.SnapshotPace;
import io.daifa.order.DropshipDispatch;
import io.daifa.supplier.SupplierCommand.AcceptInvite;
import io.daifa.supplier.SupplierCommand.AcceptOrder;
import io.daifa.supplier.SupplierCommand.BindingRequests;
import io.daifa.supplier.SupplierCommand.ConfirmReceipt;
import io.daifa.supplier.SupplierCommand.DecideBindingRequest;
import io.daifa.supplier.SupplierCommand.DelistProduct;
import io.daifa.supplier.SupplierCommand.GetBindingRequests;
import io.daifa.supplier.SupplierCommand.GetListing;
import io.daifa.supplier.SupplierCommand.GetState;
import io.daifa.supplier.SupplierCommand.GetStats;
import io.daifa.supplier.SupplierCommand.Idle;
import io.daifa.supplier.SupplierCommand.ListProduct;
import io.daifa.supplier.SupplierCommand.NoticeAcknowledged;
import io.daifa.supplier.SupplierCommand.ReceiveDispatches;
import io.daifa.supplier.SupplierCommand.Redeliver;
import io.daifa.supplier.SupplierCommand.RefundForgottenLines;
import io.daifa.supplier.SupplierCommand.RefundLines;
import io.daifa.supplier.SupplierCommand.Register;
import io.daifa.supplier.SupplierCommand.RejectOrder;
import io.daifa.supplier.SupplierCommand.RequestBinding;
import io.daifa.supplier.SupplierCommand.SetDispute;
import io.daifa.supplier.SupplierCommand.ShipOrder;
import io.daifa.supplier.SupplierCommand.Stop;
import io.daifa.supplier.SupplierCommand.TallySales;
import io.daifa.supplier.SupplierCommand.UpdateListing;
import io.daifa.supplier.SupplierCommand.WriteDeliveries;
import io.daifa.supplier.SupplierEvent.DispatchesReceived;
import io.daifa.supplier.SupplierEvent.NoticesConfirmed;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.japi.function.Procedure;
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
 * A supplier: its identity, the binding requests addressed to it, and the dropship orders it ships.
 *
 * <p>Protocol: {@link Register} first. It {@link AcceptInvite accepts invites} on its own behalf
 * (only a valid supplier ID can). Shops' applications arrive as {@link RequestBinding}; only this
 * supplier can {@link DecideBindingRequest approve or reject} them, and an approval reaches the
 * shop as a notice, sent until the shop acknowledges it. Dispatches arrive as {@link
 * ReceiveDispatches}, in batches, at least once: the supplier keeps each one once and always
 * acknowledges. {@link AcceptOrder}, {@link ShipOrder}, {@link RejectOrder} and {@link
 * ConfirmReceipt} move its lines through the status machine; a rejection returns the lines to the
 * shop by notice.
 */
public final class SupplierEntity
    extends EventSourcedBehaviorWithEnforcedReplies<SupplierCommand, SupplierEvent, SupplierState> {

  public static final EntityTypeKey<SupplierCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(SupplierCommand.class, "Supplier");

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Logger log = LoggerFactory.getLogger(SupplierEntity.class);

  private final String supplierId;
  private final EntitySettings settings;
  private final Clock clock;
  private final ShopPort shops;
  private final Redelivery<SupplierCommand, ShopNotice> redelivery;
  private final IdlePassivation<SupplierCommand> passivation;
  private final RecoveryTimer recovery;
  private final SupplierAfterSale afterSales;
  private final SupplierBindings bindings;
  private final SupplierCommands orders;
  private final SupplierListings listings;
  private final SupplierWebhooks webhooks;
  private final TimerScheduler<SupplierCommand> timers;
  private final ActorRef<SupplierCommand> self;
  private final UnwrittenDeliveries unwritten = new UnwrittenDeliveries();

  /** The state after the last event applied: what {@link #tagsFor} decides the webhook tag on. */
  private SupplierState current;

  /** The open orders change in place. */
  private final InPlaceState<SupplierState> inPlace;

  private final SnapshotPace snapshotPace;

  public static Behavior<SupplierCommand> create(
      String supplierId, EntitySettings settings, Clock clock, ShopPort shops) {
    return create(supplierId, settings, clock, shops, null);
  }

  private static Behavior<SupplierCommand> create(
      String supplierId,
      EntitySettings settings,
      Clock clock,
      ShopPort shops,
      EntityContext<SupplierCommand> sharded) {
    return RememberedEntities.behavior(
        settings,
        Idle.INSTANCE,
        sharded,
        (context, recoveries, timers, passivation) ->
            Behaviors.setup(
                ctx ->
                    new SupplierEntity(
                        supplierId,
                        settings,
                        clock,
                        shops,
                        recoveries,
                        timers,
                        ctx.getSelf(),
                        passivation)));
  }

  /** Starts this entity type on Cluster Sharding, remembered ({@link RememberedEntities}). */
  public static void init(
      ActorSystem<?> system, EntitySettings settings, Clock clock, ShopPort shops) {
    RememberedEntities.init(
        system,
        ENTITY_TYPE_KEY,
        Stop.INSTANCE,
        ctx -> create(ctx.getEntityId(), settings, clock, shops, ctx));
  }

  private SupplierEntity(
      String supplierId,
      EntitySettings settings,
      Clock clock,
      ShopPort shops,
      Recoveries recoveries,
      TimerScheduler<SupplierCommand> timers,
      ActorRef<SupplierCommand> self,
      IdlePassivation<SupplierCommand> passivation) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), supplierId),
        RememberedEntities.PERSIST_FAILURE_BACKOFF);
    this.passivation = passivation;
    this.recovery = new RecoveryTimer(recoveries, "supplier " + supplierId);
    this.inPlace = new InPlaceState<>(SupplierState::copyForReaders, recovery);
    this.snapshotPace = new SnapshotPace(settings.snapshotEvery(), settings.snapshotEveryOrders());
    this.supplierId = supplierId;
    this.settings = settings;
    this.clock = clock;
    this.shops = shops;
    this.afterSales = new SupplierAfterSale(supplierId, clock);
    this.bindings = new SupplierBindings(supplierId, clock);
    this.orders = new SupplierCommands(supplierId, clock);
    this.listings = new SupplierListings(supplierId, clock);
    this.webhooks = new SupplierWebhooks(supplierId, clock);
    this.timers = timers;
    this.self = self;
    this.redelivery =
        new Redelivery<>(
            timers,
            Redeliver.INSTANCE,
            settings,
            notices -> notices.forEach(notice -> shops.notify(supplierId, notice)));
  }

  @Override
  public SupplierState emptyState() {
    return inPlace.empty(SupplierState.empty(supplierId, settings.dedupWindow()));
  }

  /**
   * Snapshots are paced by the open orders they hold ({@link SnapshotPace}), not by a count of
   * events alone; the snapshot store keeps the newest two.
   */
  @Override
  public boolean shouldSnapshot(SupplierState state, SupplierEvent event, long sequenceNr) {
    int orders = event instanceof DispatchesReceived received ? received.dispatches().size() : 0;
    return snapshotPace.due(orders, ordersHeld(state));
  }

  /**
   * The orders a snapshot of {@code state} holds: open and recently closed ones, or the dispatches
   * it remembers (about one per order received in the window), whichever is more.
   */
  static long ordersHeld(SupplierState state) {
    return Math.max(
        state.openOrders().size() + state.closedOrders().size(), state.seenDispatches().size());
  }

  @Override
  public Set<String> tagsFor(SupplierEvent event) {
    // Pekko applies an event to the state before it asks for its tags: current includes it.
    return SupplierTags.of(supplierId, event, current != null && current.webhook() != null);
  }

  @Override
  public SignalHandler<SupplierState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              current = state; // a state from a snapshot alone applied no event
              unwritten.clear(); // after a failed write: the shops send them again
              recovery.completed(log, state.openOrders().size() + " open orders");
              if (!state.market().listings().isEmpty()) {
                armSalesTally();
              }
              redelivery.resend(state.pendingNotices().values());
            })
        .onSignal(PostStop.instance(), state -> recovery.ended())
        .build();
  }

  @Override
  public EventHandler<SupplierState, SupplierEvent> eventHandler() {
    return (state, event) -> {
      current = inPlace.toApply(state).apply(event).stamped(event.at());
      return current;
    };
  }

  @Override
  public SnapshotAdapter<SupplierState> snapshotAdapter() {
    return inPlace.snapshots(SupplierState.class);
  }

  @Override
  public CommandHandlerWithReply<SupplierCommand, SupplierEvent, SupplierState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(
            Register.class,
            (s, c) -> decide(orders.register(s, c.name(), c.identity()), c.replyTo()))
        .onCommand(
            RequestBinding.class,
            (s, c) -> decide(bindings.request(s, c.shopId(), newRequestId()), c.replyTo()))
        .onCommand(
            DecideBindingRequest.class,
            (s, c) -> decideAndNotify(bindings.decide(s, c.requestId(), c.approve()), c.replyTo()))
        .onCommand(AcceptInvite.class, this::onAcceptInvite)
        .onCommand(ReceiveDispatches.class, this::onDispatches)
        .onCommand(WriteDeliveries.class, (s, c) -> onWriteDeliveries(s))
        .onCommand(
            AcceptOrder.class,
            (s, c) -> decideAndNotify(orders.accept(s, c.shopId(), c.orderId()), c.replyTo()))
        .onCommand(
            ShipOrder.class,
            (s, c) ->
                decideAndNotify(
                    orders.ship(s, c.shopId(), c.orderId(), c.carrier(), c.trackingNo()),
                    c.replyTo()))
        .onCommand(
            RejectOrder.class,
            (s, c) ->
                decideAndNotify(orders.reject(s, c.shopId(), c.orderId(), c.reason()), c.replyTo()))
        .onCommand(
            SupplierCommand.ReportLogistics.class,
            (s, c) ->
                decide(
                    orders.reportLogistics(s, c.shopId(), c.orderId(), c.status(), c.happenedAt()),
                    c.replyTo()))
        .onCommand(
            SupplierCommand.WithdrawLines.class,
            (s, c) ->
                decideAndNotify(
                    orders.withdraw(s, c.shopId(), c.orderId(), c.lineIds()), c.replyTo()))
        .onCommand(
            ConfirmReceipt.class,
            (s, c) ->
                decideAndNotify(
                    orders.confirmReceipt(s, c.shopId(), c.orderId(), c.receivedAt()), c.replyTo()))
        .onCommand(
            RefundLines.class,
            (s, c) ->
                decide(
                    afterSales.refund(s, c.shopId(), c.orderId(), c.lineIds(), c.refundedAt()),
                    c.replyTo()))
        .onCommand(
            RefundForgottenLines.class,
            (s, c) ->
                decide(
                    afterSales.refundForgotten(
                        s, c.shopId(), c.orderId(), c.lineIds(), c.orderStatus(), c.refundedAt()),
                    c.replyTo()))
        .onCommand(
            SetDispute.class,
            (s, c) ->
                decide(
                    afterSales.dispute(s, c.shopId(), c.orderId(), c.lineIds(), c.open()),
                    c.replyTo()))
        .onCommand(NoticeAcknowledged.class, this::onNoticeAcknowledged)
        .onCommand(
            SupplierCommand.SetWebhook.class,
            (s, c) -> decide(webhooks.set(s, c.url(), c.secret()), c.replyTo()))
        .onCommand(
            SupplierCommand.RemoveWebhook.class, (s, c) -> decide(webhooks.remove(s), c.replyTo()))
        .onCommand(
            SupplierCommand.RedeliverWebhook.class,
            (s, c) -> decide(webhooks.redeliver(s, c.deliverySeq()), c.replyTo()))
        .onCommand(
            SupplierCommand.GetWebhook.class,
            (s, c) -> Effect().reply(c.replyTo(), webhooks.get(s)))
        .onCommand(
            Redeliver.class,
            (state, cmd) -> {
              redelivery.resend(state.pendingNotices().values());
              return Effect().none().thenNoReply();
            })
        .onCommand(GetState.class, (s, c) -> Effect().reply(c.replyTo(), s.copyForReaders()))
        .onCommand(
            ListProduct.class,
            (s, c) -> decide(listings.list(s, c.draft()), c.replyTo(), n -> armSalesTally()))
        .onCommand(
            UpdateListing.class,
            (s, c) -> decideAndNotify(listings.update(s, c.spuId(), c.change()), c.replyTo()))
        .onCommand(
            DelistProduct.class, (s, c) -> decide(listings.delist(s, c.spuId()), c.replyTo()))
        .onCommand(
            GetListing.class, (s, c) -> Effect().reply(c.replyTo(), listings.get(s, c.spuId())))
        .onCommand(
            SupplierCommand.RecordPick.class,
            (s, c) -> decide(listings.recordPick(s, c.spuId(), c.shopId()), c.replyTo()))
        .onCommand(
            GetStats.class, (s, c) -> Effect().reply(c.replyTo(), listings.stats(s, c.month())))
        .onCommand(
            SupplierCommand.GetScorecard.class,
            (s, c) -> Effect().reply(c.replyTo(), orders.scorecard(s, c.month())))
        .onCommand(TallySales.class, this::onTallySales)
        .onCommand(
            GetBindingRequests.class,
            (s, c) -> Effect().reply(c.replyTo(), new BindingRequests(s.requestsByAge())))
        .onCommand(
            Idle.class,
            (s, c) -> {
              passivation.onIdle(s.pendingNotices().isEmpty());
              return Effect().none().thenNoReply();
            })
        .onCommand(
            Stop.class,
            (s, c) -> {
              passivation.beforeStop(s.pendingNotices().isEmpty(), Redeliver.INSTANCE);
              return Effect().stop().thenNoReply();
            })
        .build();
  }

  private <R> ReplyEffect<SupplierEvent, SupplierState> decide(
      Decision<SupplierEvent, R> decision, ActorRef<Outcome<R>> replyTo) {
    return decide(decision, replyTo, s -> {});
  }

  /** As {@link #decide}, then sends whatever the event owes to shops (a rejection's notice). */
  private <R> ReplyEffect<SupplierEvent, SupplierState> decideAndNotify(
      Decision<SupplierEvent, R> decision, ActorRef<Outcome<R>> replyTo) {
    return decide(decision, replyTo, this::notifyShops);
  }

  /** Persists the decision's event, if any, runs {@code afterwards}, then answers. */
  private <R> ReplyEffect<SupplierEvent, SupplierState> decide(
      Decision<SupplierEvent, R> decision,
      ActorRef<Outcome<R>> replyTo,
      Procedure<SupplierState> afterwards) {
    if (decision.event() == null) {
      return Effect().reply(replyTo, decision.answer());
    }
    return Effect()
        .persist(decision.event())
        .thenRun(afterwards)
        .thenReply(replyTo, s -> decision.answer());
  }

  /** A valid supplier passes an invite on to the shop the token names, which answers. */
  private ReplyEffect<SupplierEvent, SupplierState> onAcceptInvite(
      SupplierState state, AcceptInvite cmd) {
    Outcome<String> shop = bindings.inviteShop(state, cmd.token());
    if (shop instanceof Outcome.Refused<String> refused) {
      return Effect().reply(cmd.replyTo(), Outcome.refused(refused.rejection()));
    }
    shops.acceptInvite(
        ((Outcome.Done<String>) shop).value(), cmd.token(), supplierId, cmd.replyTo());
    return Effect().noReply();
  }

  private static String newRequestId() {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return "req_" + HexFormat.of().formatHex(random);
  }

  /**
   * Takes a delivery. With group commit it waits for this entity's next write ({@link
   * UnwrittenDeliveries}): Pekko holds commands back while a write is in flight, so the {@link
   * WriteDeliveries} asked for here comes after every delivery held back meanwhile.
   */
  private ReplyEffect<SupplierEvent, SupplierState> onDispatches(
      SupplierState state, ReceiveDispatches cmd) {
    if (!settings.groupDeliveries()) {
      return write(state, List.of(cmd));
    }
    if (unwritten.add(cmd, System.nanoTime())) {
      self.tell(WriteDeliveries.INSTANCE);
    }
    return Effect().none().thenNoReply();
  }

  private ReplyEffect<SupplierEvent, SupplierState> onWriteDeliveries(SupplierState state) {
    List<ReceiveDispatches> deliveries = unwritten.take(System.nanoTime());
    if (unwritten.moreToWrite()) {
      self.tell(WriteDeliveries.INSTANCE);
    }
    return write(state, deliveries);
  }

  /** Stores the dispatches of these deliveries not seen before in one write; then acknowledges. */
  private ReplyEffect<SupplierEvent, SupplierState> write(
      SupplierState state, List<ReceiveDispatches> deliveries) {
    DispatchesReceived received =
        orders.receive(
            state,
            UnwrittenDeliveries.dispatches(deliveries),
            UnwrittenDeliveries.latestSentAt(deliveries));
    if (received == null) {
      acknowledge(deliveries);
      return Effect().none().thenNoReply();
    }
    return Effect()
        .persist(received)
        .thenRun(
            s -> {
              acknowledge(deliveries);
              if (s.market().listsAnyOf(received.dispatches())) {
                armSalesTally();
              }
            })
        .thenNoReply();
  }

  private void acknowledge(List<ReceiveDispatches> deliveries) {
    for (ReceiveDispatches delivery : deliveries) {
      shops.acknowledgeDispatches(
          delivery.shopId(),
          delivery.dispatches().stream().map(DropshipDispatch::dispatchId).toList());
    }
  }

  /**
   * Publishes the sales figures a while after they changed: one timer, not re-armed while it runs,
   * so a busy supplier writes them at most once an interval and an idle one can still passivate.
   */
  private void armSalesTally() {
    if (!timers.isTimerActive(TallySales.INSTANCE)) {
      timers.startSingleTimer(TallySales.INSTANCE, settings.salesTallyEvery());
    }
  }

  private ReplyEffect<SupplierEvent, SupplierState> onTallySales(
      SupplierState state, TallySales cmd) {
    SupplierEvent.SalesTallied tally = listings.tally(state);
    return tally == null ? Effect().none().thenNoReply() : Effect().persist(tally).thenNoReply();
  }

  private ReplyEffect<SupplierEvent, SupplierState> onNoticeAcknowledged(
      SupplierState state, NoticeAcknowledged cmd) {
    if (!state.pendingNotices().containsKey(cmd.noticeId())) {
      return Effect().none().thenNoReply();
    }
    return Effect()
        .persist(new NoticesConfirmed(supplierId, List.of(cmd.noticeId()), state.stamp(clock)))
        .thenNoReply();
  }

  /** After a persist: whatever is owed to shops goes out now, and again until acknowledged. */
  private void notifyShops(SupplierState state) {
    redelivery.afterPersist(state.pendingNotices().values());
  }
}
