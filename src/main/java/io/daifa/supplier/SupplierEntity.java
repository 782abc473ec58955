package io.daifa.supplier;

import io.daifa.common.Decision;
import io.daifa.common.EntitySettings;
import io.daifa.common.IdlePassivation;
import io.daifa.common.Outcome;
import io.daifa.common.Recoveries;
import io.daifa.common.Redelivery;
import io.daifa.common.RememberedEntities;
import io.daifa.common.RememberedEntity;
import io.daifa.common.SnapshotPace;
import io.daifa.supplier.SupplierCommand.AcceptInvite;
import io.daifa.supplier.SupplierCommand.BindingRequests;
import io.daifa.supplier.SupplierCommand.GetBindingRequests;
import io.daifa.supplier.SupplierCommand.GetState;
import io.daifa.supplier.SupplierCommand.Idle;
import io.daifa.supplier.SupplierCommand.ListProduct;
import io.daifa.supplier.SupplierCommand.NoticeAcknowledged;
import io.daifa.supplier.SupplierCommand.ReceiveDispatches;
import io.daifa.supplier.SupplierCommand.Redeliver;
import io.daifa.supplier.SupplierCommand.Stop;
import io.daifa.supplier.SupplierCommand.TallySales;
import io.daifa.supplier.SupplierCommand.WriteDeliveries;
import io.daifa.supplier.SupplierEvent.DispatchesReceived;
import io.daifa.supplier.SupplierEvent.NoticesConfirmed;
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
 * A supplier: its identity, the binding requests addressed to it, and the dropship orders it ships.
 *
 * <p>Protocol: {@link SupplierCommand.Register} first. It {@link AcceptInvite accepts invites} on
 * its own behalf (only a valid supplier ID can). Its {@link SupplierCommand.Request requests},
 * decided by {@link SupplierRequests}, decide shops' binding applications (an approval reaches the
 * shop as a notice, sent until the shop acknowledges it), move its lines through the status machine
 * (a rejection returns the lines to the shop by notice), and keep its listings and webhook.
 * Dispatches arrive as {@link ReceiveDispatches}, in batches, at least once: the supplier keeps
 * each one once and always acknowledges.
 */
public final class SupplierEntity
    extends RememberedEntity<SupplierCommand, SupplierEvent, SupplierState> {

  public static final EntityTypeKey<SupplierCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(SupplierCommand.class, "Supplier");

  private final String supplierId;
  private final EntitySettings settings;
  private final Clock clock;
  private final ShopPort shops;
  private final Redelivery<SupplierCommand, ShopNotice> redelivery;
  private final SupplierRequests requests;
  private final TimerScheduler<SupplierCommand> timers;
  private final ActorRef<SupplierCommand> self;
  private final UnwrittenDeliveries unwritten = new UnwrittenDeliveries();

  /** The state after the last event applied: what {@link #tagsFor} decides the webhook tag on. */
  private SupplierState current;

  private final SnapshotPace snapshotPace;

  /** A supplier outside sharding (entity tests): it never passivates itself. */
  public static Behavior<SupplierCommand> create(String supplierId, SupplierWiring wiring) {
    return create(supplierId, wiring, null);
  }

  private static Behavior<SupplierCommand> create(
      String supplierId, SupplierWiring wiring, EntityContext<SupplierCommand> sharded) {
    return RememberedEntities.behavior(
        wiring.settings(),
        Idle.INSTANCE,
        sharded,
        (context, recoveries, timers, passivation) ->
            new SupplierEntity(supplierId, wiring, context, recoveries, timers, passivation));
  }

  /** Starts this entity type on Cluster Sharding, remembered ({@link RememberedEntities}). */
  public static void init(ActorSystem<?> system, SupplierWiring wiring) {
    RememberedEntities.init(
        system, ENTITY_TYPE_KEY, Stop.INSTANCE, ctx -> create(ctx.getEntityId(), wiring, ctx));
  }

  private SupplierEntity(
      String supplierId,
      SupplierWiring wiring,
      ActorContext<SupplierCommand> context,
      Recoveries recoveries,
      TimerScheduler<SupplierCommand> timers,
      IdlePassivation<SupplierCommand> passivation) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), supplierId),
        "supplier " + supplierId,
        wiring.journal(),
        SupplierState.class,
        SupplierState::copyForReaders,
        recoveries,
        passivation,
        Redeliver.INSTANCE);
    this.supplierId = supplierId;
    this.settings = wiring.settings();
    this.snapshotPace = new SnapshotPace(settings.snapshotEvery(), settings.snapshotEveryOrders());
    this.clock = wiring.clock();
    this.shops = wiring.shops();
    this.requests = SupplierRequests.of(supplierId, clock);
    this.timers = timers;
    this.self = context.getSelf();
    this.redelivery =
        new Redelivery<>(
            timers,
            Redeliver.INSTANCE,
            settings,
            ShopNotice::noticeId,
            notices -> notices.forEach(notice -> shops.notify(supplierId, notice)));
  }

  @Override
  protected SupplierState initialState() {
    return SupplierState.empty(supplierId, settings.dedupWindow());
  }

  /**
   * Snapshots are paced by the open orders they hold ({@link SnapshotPace}), not by a count of
   * events alone; the snapshot store keeps the newest two.
   */
  @Override
  public boolean shouldSnapshot(SupplierState state, SupplierEvent event, long sequenceNr) {
    int orders = event instanceof DispatchesReceived received ? received.dispatches().size() : 0;
    return snapshotPace.due(orders, state.ordersHeld());
  }

  @Override
  public Set<String> tagsFor(SupplierEvent event) {
    // Pekko applies an event to the state before it asks for its tags: current includes it.
    return SupplierTags.of(supplierId, event, current != null && current.webhook() != null);
  }

  @Override
  protected String recoveredSize(SupplierState state) {
    return state.openOrders().size() + " open orders";
  }

  @Override
  protected void recovered(SupplierState state) {
    current = state; // a state from a snapshot alone applied no event
    unwritten.clear(); // after a failed write: the shops send them again
    if (!state.market().listings().isEmpty()) {
      armSalesTally();
    }
    redelivery.resend(state.pendingNotices().values());
  }

  @Override
  protected SupplierState applied(SupplierState state, SupplierEvent event) {
    current = state.apply(event).stamped(event.at());
    return current;
  }

  @Override
  public CommandHandlerWithReply<SupplierCommand, SupplierEvent, SupplierState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(
            SupplierCommand.Request.class, (s, c) -> carryOut(s, (SupplierCommand.Request<?>) c))
        .onCommand(AcceptInvite.class, this::onAcceptInvite)
        .onCommand(ReceiveDispatches.class, this::onDispatches)
        .onCommand(WriteDeliveries.class, (s, c) -> onWriteDeliveries(s))
        .onCommand(NoticeAcknowledged.class, this::onNoticeAcknowledged)
        .onCommand(
            Redeliver.class,
            (s, c) -> writingNothing(() -> redelivery.resend(s.pendingNotices().values())))
        .onCommand(GetState.class, (s, c) -> Effect().reply(c.replyTo(), s.copyForReaders()))
        .onCommand(TallySales.class, this::onTallySales)
        .onCommand(
            GetBindingRequests.class,
            (s, c) -> Effect().reply(c.replyTo(), new BindingRequests(s.requestsByAge())))
        .onCommand(Idle.class, (s, c) -> onIdle(s.pendingNotices().isEmpty()))
        .onCommand(Stop.class, (s, c) -> onStop(s.pendingNotices().isEmpty()))
        .build();
  }

  /**
   * Persists the request's decided event, if any, then sends what it owes shops (a rejection's
   * notice) or starts the sales tally (a new listing), then answers.
   */
  private <R> ReplyEffect<SupplierEvent, SupplierState> carryOut(
      SupplierState state, SupplierCommand.Request<R> request) {
    Decision<SupplierEvent, R> decision = requests.decide(state, request);
    if (decision.event() == null) {
      return Effect().reply(request.replyTo(), decision.answer());
    }
    boolean notifies = SupplierRequests.notifiesShops(request);
    boolean listed = request instanceof ListProduct;
    return Effect()
        .persist(decision.event())
        .thenRun(
            s -> {
              if (notifies) {
                redelivery.afterPersist(s.pendingNotices().values());
              }
              if (listed) {
                armSalesTally();
              }
            })
        .thenReply(request.replyTo(), s -> decision.answer());
  }

  /** A valid supplier passes an invite on to the shop the token names, which answers. */
  private ReplyEffect<SupplierEvent, SupplierState> onAcceptInvite(
      SupplierState state, AcceptInvite cmd) {
    Outcome<String> shop = requests.bindings().inviteShop(state, cmd.token());
    if (shop instanceof Outcome.Refused<String> refused) {
      return Effect().reply(cmd.replyTo(), Outcome.refused(refused.rejection()));
    }
    shops.acceptInvite(
        ((Outcome.Done<String>) shop).value(), cmd.token(), supplierId, cmd.replyTo());
    return Effect().noReply();
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
        requests
            .orders()
            .receive(
                state,
                UnwrittenDeliveries.dispatches(deliveries),
                UnwrittenDeliveries.latestSentAt(deliveries));
    if (received == null) {
      UnwrittenDeliveries.acknowledge(shops, deliveries);
      return Effect().none().thenNoReply();
    }
    return Effect()
        .persist(received)
        .thenRun(
            s -> {
              UnwrittenDeliveries.acknowledge(shops, deliveries);
              if (s.market().listsAnyOf(received.dispatches())) {
                armSalesTally();
              }
            })
        .thenNoReply();
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
    SupplierEvent.SalesTallied tally = requests.listings().tally(state);
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
}
