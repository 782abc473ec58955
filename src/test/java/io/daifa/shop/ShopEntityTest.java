package io.daifa.shop;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.app.RecordingPorts;
import io.daifa.common.Ack;
import io.daifa.common.EntitySettings;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.common.EntityTestSupport.Sent;
import io.daifa.common.ErrorCode;
import io.daifa.common.InviteToken;
import io.daifa.common.Outcome;
import io.daifa.common.Recoveries;
import io.daifa.common.TestClock;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderStatus;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ManualReason;
import io.daifa.routing.ModeChange;
import io.daifa.shop.OrderReceipt.SupplierLines;
import io.daifa.shop.ShopEvent.AllocationModeChanged;
import io.daifa.shop.ShopEvent.DispatchesConfirmed;
import io.daifa.shop.ShopEvent.LinesReturned;
import io.daifa.shop.ShopEvent.OrdersRouted;
import io.daifa.shop.ShopEvent.ProductRouteSet;
import io.daifa.shop.ShopEvent.QueuedLineDispatched;
import io.daifa.shop.ShopEvent.ShopRegistered;
import io.daifa.shop.ShopEvent.SupplierBound;
import io.daifa.shop.ShopEvent.SupplierUnbound;
import io.daifa.supplier.SupplierCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopEntityTest {

  private static final String SHOP = "shp_1";
  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private TestClock clock;
  private Outbox<SupplierCommand> outbox;
  private EventSourcedBehaviorTestKit<ShopCommand, ShopEvent, ShopState> shop;

  @BeforeEach
  void setUp() {
    clock = new TestClock(T0);
    outbox = new Outbox<>();
    shop =
        ShopUnderTest.create(testKit.system(), SHOP, EntityTestSupport.settings(), clock, outbox);
    shop.clear();
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private void register() {
    shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.Register("Tea House", r));
  }

  /** Registers the shop and binds the suppliers through approvals. */
  private void registerAndBind(String... suppliers) {
    register();
    for (String supplier : suppliers) {
      shop.runCommand(
          new ShopCommand.ConfirmBindingApproval(supplier, "req-" + supplier, "n-" + supplier));
    }
    outbox.drain();
  }

  /** Registered, bound to {@code supplier}, and sending it every order (WHOLE_SHOP). */
  private void bindWholeShopTo(String supplier) {
    registerAndBind(supplier);
    shop.<Outcome<ModeChange>>runCommand(
        r -> new ShopCommand.SetMode(AllocationMode.WHOLE_SHOP, supplier, List.of(), false, r));
  }

  private ShopCommand.IngestResult ingest(Order... orders) {
    return shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(orders), r))
        .reply();
  }

  private static Outcome.Refused<?> refused(Object outcome) {
    return assertInstanceOf(Outcome.Refused.class, outcome);
  }

  @Test
  void aRecoveredShopNoLongerHoldsTheReadSideBack() {
    register();
    shop.restart();
    assertTrue(
        Recoveries.get(testKit.system()).quiet(),
        "the read side waits while a shop recovers; a recovered one must say so");
  }

  @Test
  void shouldRegisterOnceAndRefuseCommandsBeforehand() {
    CommandResultWithReply<ShopCommand, ShopEvent, ShopState, Outcome<ShopCommand.InviteIssued>>
        early = shop.runCommand(ShopCommand.CreateInvite::new);
    assertEquals(ErrorCode.NOT_FOUND, refused(early.reply()).rejection().code());
    assertTrue(early.hasNoEvents());

    var first = shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.Register("Tea House", r));
    assertEquals(List.of(new ShopRegistered(SHOP, "Tea House", T0)), first.events());
    assertEquals(Outcome.done(Ack.INSTANCE), first.reply());
    var again = shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.Register("Other", r));
    assertTrue(again.hasNoEvents());
    assertEquals("Tea House", again.state().name());
  }

  @Test
  void shouldBindBySingleUseInviteWithinSevenDays() {
    register();
    var issued = shop.<Outcome<ShopCommand.InviteIssued>>runCommand(ShopCommand.CreateInvite::new);
    ShopCommand.InviteIssued invite = issued.reply().orThrow();
    assertTrue(invite.token().startsWith(SHOP + "."), invite.token());
    assertEquals(T0.plus(Duration.ofDays(7)), invite.expiresAt());
    assertEquals(SHOP, InviteToken.shopOf(invite.token()));

    var accepted =
        shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.AcceptInvite(invite.token(), "sup_a", r));
    assertEquals(
        List.of(new SupplierBound(SHOP, "sup_a", BindingVia.INVITE, invite.token(), null, T0)),
        accepted.events());
    assertTrue(accepted.state().allocation().isBound("sup_a"));

    var reused =
        shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.AcceptInvite(invite.token(), "sup_b", r));
    assertEquals(ErrorCode.INVITE_USED, refused(reused.reply()).rejection().code());
    assertTrue(reused.hasNoEvents());

    var forged =
        shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.AcceptInvite(SHOP + ".forged", "sup_b", r));
    assertEquals(ErrorCode.INVITE_UNKNOWN, refused(forged.reply()).rejection().code());
  }

  @Test
  void shouldRefuseAnExpiredInvite() {
    register();
    String token =
        shop.<Outcome<ShopCommand.InviteIssued>>runCommand(ShopCommand.CreateInvite::new)
            .reply()
            .orThrow()
            .token();
    clock.advance(Duration.ofDays(7));
    var late = shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.AcceptInvite(token, "sup_a", r));
    assertEquals(ErrorCode.INVITE_EXPIRED, refused(late.reply()).rejection().code());
    assertTrue(late.hasNoEvents());
  }

  @Test
  void shouldBindOnAnApprovalNoticeOnceAndAlwaysAcknowledgeIt() {
    register();
    var first = shop.runCommand(new ShopCommand.ConfirmBindingApproval("sup_a", "req-1", "n1"));
    assertEquals(
        List.of(new SupplierBound(SHOP, "sup_a", BindingVia.APPLICATION, "req-1", "n1", T0)),
        first.events());
    var again = shop.runCommand(new ShopCommand.ConfirmBindingApproval("sup_a", "req-1", "n1"));
    assertTrue(again.hasNoEvents());
    assertEquals(
        List.of(
            new Sent<>("sup_a", new SupplierCommand.NoticeAcknowledged("n1")),
            new Sent<>("sup_a", new SupplierCommand.NoticeAcknowledged("n1"))),
        outbox.drain());
  }

  @Test
  void shouldEnforceOneModeAtATime() {
    registerAndBind("sup_a", "sup_b");
    var unbound =
        shop.<Outcome<ModeChange>>runCommand(
            r -> new ShopCommand.SetMode(AllocationMode.WHOLE_SHOP, "sup_x", List.of(), false, r));
    assertEquals(ErrorCode.NOT_BOUND, refused(unbound.reply()).rejection().code());

    var route =
        shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.SetProductRoute("spu-1", null, "sup_a", List.of(), r));
    assertEquals(
        List.of(new ProductRouteSet(SHOP, "spu-1", "sup_a", T0, List.of())), route.events());

    var conflict =
        shop.<Outcome<ModeChange>>runCommand(
            r -> new ShopCommand.SetMode(AllocationMode.WHOLE_SHOP, "sup_b", List.of(), false, r));
    var rejection = refused(conflict.reply()).rejection();
    assertEquals(ErrorCode.MODE_CONFLICT, rejection.code());
    assertTrue(rejection.detail().contains("BY_PRODUCT"), rejection.detail());
    assertTrue(conflict.hasNoEvents());

    var switched =
        shop.<Outcome<ModeChange>>runCommand(
            r -> new ShopCommand.SetMode(AllocationMode.WHOLE_SHOP, "sup_b", List.of(), true, r));
    assertEquals(
        List.of(new AllocationModeChanged(SHOP, AllocationMode.WHOLE_SHOP, "sup_b", T0, List.of())),
        switched.events());
    assertEquals(
        new ModeChange(AllocationMode.BY_PRODUCT, AllocationMode.WHOLE_SHOP, 1, null),
        switched.reply().orThrow());

    var productInWholeShop =
        shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.SetProductRoute("spu-2", null, "sup_a", List.of(), r));
    assertEquals(ErrorCode.MODE_CONFLICT, refused(productInWholeShop.reply()).rejection().code());
    assertTrue(productInWholeShop.hasNoEvents());
  }

  /**
   * Pekko applies an event to the state before the journal confirms it and keeps the one empty
   * state it was given for every recovery. With a state mutated in place, a failed write left its
   * orders in the window of the restarted entity, which then answered their resend as stored.
   */
  @Test
  void anOrderWhoseWriteFailedIsStoredWhenSentAgainNotAnsweredFromMemory() {
    register();
    Order order = order("o-1", SHOP, "spu-z");
    shop.persistenceTestKit().failNextPersisted();
    assertThrows(AssertionError.class, () -> ingest(order), "no answer: the write failed");

    var resent =
        shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(2, List.of(order), r));
    assertFalse(resent.hasNoEvents(), "the resent order is written this time");
    assertEquals(1, resent.state().manualQueue().size(), resent.state().manualQueue().toString());
    var recovered = shop.restart();
    assertEquals(1, recovered.state().manualQueue().size(), "replayed once, onto a fresh state");
  }

  /** Records what the shop hands the read side; the test answers for the writer. */
  private static final class RecordingReadSide implements ReadSidePort {
    record Projecting(List<OwedBatch> batches, ActorRef<ShopCommand> replyTo) {}

    final List<Projecting> projected = new CopyOnWriteArrayList<>();
    final List<Long> readBackFrom = new CopyOnWriteArrayList<>();
    final CompletableFuture<ReadBack> readBack = new CompletableFuture<>();

    @Override
    public void project(String shopId, List<OwedBatch> batches, ActorRef<ShopCommand> replyTo) {
      projected.add(new Projecting(batches, replyTo));
    }

    @Override
    public CompletionStage<ReadBack> readBack(String shopId, long fromSeqNr, int maxEvents) {
      readBackFrom.add(fromSeqNr);
      return readBack;
    }

    List<Long> seqNrs(int message) {
      return projected.get(message).batches().stream().map(OwedBatch::seqNr).toList();
    }
  }

  /** The shop under test, feeding {@code readSide}. */
  private void feedingInto(ReadSidePort readSide) {
    shop =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            ShopEntity.create(
                SHOP,
                new ShopWiring(
                    EntityTestSupport.settings(),
                    clock,
                    RecordingPorts.suppliers(outbox),
                    readSide,
                    ShopObserver.NONE)));
  }

  /**
   * The shop hands each routed batch to the read side itself, one message in flight at a time; the
   * next batch it writes marks what the read side stored, and a recovery reads back and sends again
   * what came after the mark.
   */
  @Test
  void shouldFeedItsBatchesToTheReadSideInOrderAndMarkWhatItStored() {
    RecordingReadSide readSide = new RecordingReadSide();
    feedingInto(readSide);
    register(); // event 1
    ingest(order("o-1", SHOP, "spu-a")); // event 2
    ingest(order("o-2", SHOP, "spu-a")); // event 3, while 2 is in flight
    assertEquals(1, readSide.projected.size(), "one message in flight at a time");
    assertEquals(List.of(2L), readSide.seqNrs(0));
    OrdersRouted second = (OrdersRouted) readSide.projected.get(0).batches().get(0).event();
    assertTrue(second.fedDirectly());

    readSide.projected.get(0).replyTo().tell(new ShopCommand.ReadSideProjected(2));
    shop.runCommand(ShopCommand.GetView::new); // the answer is handled before this
    assertEquals(List.of(3L), readSide.seqNrs(1), "the next batch goes once 2 is stored");
    var third =
        shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(order("o-3", SHOP, "spu-a")), r));
    assertEquals(2, ((OrdersRouted) third.events().get(0)).readSideThrough());

    shop.restart();
    assertEquals(List.of(3L), readSide.readBackFrom, "read back from after the mark");
    OwedBatch three = readSide.projected.get(1).batches().get(0);
    OwedBatch four = new OwedBatch(4, (OrdersRouted) third.events().get(0));
    readSide.readBack.complete(new ReadSidePort.ReadBack(List.of(three, four), 4, true));
    shop.runCommand(ShopCommand.GetView::new);
    assertEquals(List.of(3L, 4L), readSide.seqNrs(readSide.projected.size() - 1));
  }

  /**
   * A read side that does not answer: past {@code ShopReadFeed.MAX_KEPT} batches the shop stops
   * keeping them, and once the read side answers again it reads them back from the journal, a part
   * at a time, and sends them in order from the first it owes.
   */
  @Test
  void shouldReadBackWhatItStoppedKeepingWhileTheReadSideLagged() {
    RecordingReadSide readSide = new RecordingReadSide();
    feedingInto(readSide);
    register(); // event 1
    for (int i = 0; i <= ShopReadFeed.MAX_KEPT; i++) {
      ingest(order("o-" + i, SHOP, "spu-a")); // events 2 to MAX_KEPT + 2
    }
    assertEquals(1, readSide.projected.size(), "nothing answered, nothing more sent");
    assertEquals(List.of(), readSide.readBackFrom, "no read back while a message is in flight");

    readSide.projected.get(0).replyTo().tell(new ShopCommand.ReadSideProjected(2));
    shop.runCommand(ShopCommand.GetView::new);
    assertEquals(List.of(3L), readSide.readBackFrom, "the first batch owed is read back");
    assertEquals(1, readSide.projected.size(), "and nothing sent before it");

    OrdersRouted any = (OrdersRouted) readSide.projected.get(0).batches().get(0).event();
    List<OwedBatch> part = new ArrayList<>();
    for (long seqNr = 3; seqNr <= 258; seqNr++) {
      part.add(new OwedBatch(seqNr, any));
    }
    readSide.readBack.complete(new ReadSidePort.ReadBack(part, 258, false));
    shop.runCommand(ShopCommand.GetView::new);
    assertEquals(2, readSide.projected.size());
    List<Long> sent = readSide.seqNrs(1);
    assertEquals(3L, sent.get(0), "sent from the first batch owed");
    assertEquals(ShopReadFeed.BATCHES_PER_SEND, sent.size());
  }

  @Test
  void shouldRouteABatchSplitQueueAndDeduplicateIt() {
    registerAndBind("sup_a", "sup_b");
    shop.<Outcome<Ack>>runCommand(
        r -> new ShopCommand.SetProductRoute("spu-a", null, "sup_a", List.of(), r));
    shop.<Outcome<Ack>>runCommand(
        r -> new ShopCommand.SetProductRoute("spu-b", null, "sup_b", List.of(), r));

    Order split = order("o-1", SHOP, "spu-a", "spu-b", "spu-a");
    Order manual = order("o-2", SHOP, "spu-z");
    Order reused = order("o-1", SHOP, "spu-b");
    Order foreign = order("o-3", "shp_other", "spu-a");
    var result =
        shop.<ShopCommand.IngestResult>runCommand(
            r ->
                new ShopCommand.IngestOrders(1, List.of(split, manual, split, reused, foreign), r));

    OrderReceipt splitReceipt =
        new OrderReceipt(
            "o-1",
            OrderStatus.ALLOCATED,
            List.of(
                new SupplierLines("sup_a", List.of("1", "3")),
                new SupplierLines("sup_b", List.of("2"))),
            List.of());
    OrderReceipt manualReceipt = new OrderReceipt("o-2", OrderStatus.PAID, List.of(), List.of("1"));
    List<Outcome<OrderReceipt>> outcomes = result.reply().outcomes();
    assertEquals(Outcome.done(splitReceipt), outcomes.get(0));
    assertEquals(Outcome.done(manualReceipt), outcomes.get(1));
    assertEquals(Outcome.done(splitReceipt), outcomes.get(2), "a resend answers the first result");
    assertEquals(ErrorCode.ORDER_ID_REUSED, refused(outcomes.get(3)).rejection().code());
    assertEquals("shopId", refused(outcomes.get(4)).rejection().field());

    DropshipDispatch toA =
        new DropshipDispatch(
            "d1",
            SHOP,
            "sup_a",
            "o-1",
            null,
            split.paidAt(),
            List.of(split.lines().get(0), split.lines().get(2)));
    DropshipDispatch toB =
        new DropshipDispatch(
            "d2", SHOP, "sup_b", "o-1", null, split.paidAt(), List.of(split.lines().get(1)));
    QueuedLine queued =
        new QueuedLine(
            "o-2", null, manual.paidAt(), manual.lines().get(0), ManualReason.NO_RULE_FOR_SPU);
    assertEquals(
        List.of(
            new OrdersRouted(
                SHOP,
                List.of(
                    new RoutedOrder(
                        split,
                        split.fingerprint(),
                        List.of(toA, toB),
                        List.of(),
                        java.util.Map.of(),
                        List.of(decisionOf("spu-a"), decisionOf("spu-a"), decisionOf("spu-b"))),
                    new RoutedOrder(manual, manual.fingerprint(), List.of(), List.of(queued))),
                List.of(),
                0,
                T0)),
        result.events(),
        "one event for the batch's new orders");
    assertEquals(
        List.of(
            new Sent<>("sup_a", new SupplierCommand.ReceiveDispatches(SHOP, List.of(toA), T0)),
            new Sent<>("sup_b", new SupplierCommand.ReceiveDispatches(SHOP, List.of(toB), T0))),
        outbox.drain());
    assertEquals(List.of("o-2/1"), List.copyOf(result.state().manualQueue().keySet()));
    assertEquals(2, result.state().pendingDispatches().size());

    // Sent again in a later batch: the first answer, no event.
    var later =
        shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(split), r));
    assertEquals(List.of(Outcome.done(splitReceipt)), later.reply().outcomes());
    assertTrue(later.hasNoEvents());
  }

  @Test
  void shouldDispatchAQueuedLineAssignedByHand() {
    registerAndBind("sup_a");
    Order order = order("o-1", SHOP, "spu-1", "spu-2");
    ingest(order);
    outbox.drain();

    var assigned =
        shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.AssignLine("o-1", "2", "sup_a", r));
    DropshipDispatch dispatch =
        new DropshipDispatch(
            "d1", SHOP, "sup_a", "o-1", null, order.paidAt(), List.of(order.lines().get(1)));
    assertEquals(List.of(new QueuedLineDispatched(SHOP, dispatch, T0)), assigned.events());
    assertEquals(List.of("o-1/1"), List.copyOf(assigned.state().manualQueue().keySet()));
    assertEquals(
        List.of(
            new Sent<>(
                "sup_a", new SupplierCommand.ReceiveDispatches(SHOP, List.of(dispatch), T0))),
        outbox.drain());

    var again =
        shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.AssignLine("o-1", "2", "sup_a", r));
    assertEquals(ErrorCode.LINE_NOT_IN_MANUAL_QUEUE, refused(again.reply()).rejection().code());
    var unbound =
        shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.AssignLine("o-1", "1", "sup_x", r));
    assertEquals(ErrorCode.NOT_BOUND, refused(unbound.reply()).rejection().code());

    var acked = shop.runCommand(new ShopCommand.DispatchesAcknowledged(List.of("d1", "d9")));
    assertTrue(acked.hasNoEvents(), "an acknowledgement alone writes nothing");
    var tick = shop.runCommand(ShopCommand.Redeliver.INSTANCE);
    assertEquals(List.of(new DispatchesConfirmed(SHOP, List.of("d1"), T0)), tick.events());
    assertTrue(tick.state().pendingDispatches().isEmpty());
    assertEquals(List.of(), outbox.drain(), "nothing acknowledged is sent again");
  }

  /**
   * A tick sends again only what was already owed at the tick before: a dispatch sent just before a
   * tick gets a whole interval to be acknowledged, so that a supplier behind at peak is not sent
   * everything in flight again on every tick.
   */
  @Test
  void shouldSendADispatchAgainOnlyAfterAWholeRedeliveryInterval() {
    bindWholeShopTo("sup_a");
    ingest(order("o-1", SHOP, "spu-1"));
    DropshipDispatch d1 = shop.getState().pendingDispatches().get("d1");
    Sent<SupplierCommand> sent =
        new Sent<>("sup_a", new SupplierCommand.ReceiveDispatches(SHOP, List.of(d1), T0));
    assertEquals(List.of(sent), outbox.drain(), "sent after its write");

    shop.runCommand(ShopCommand.Redeliver.INSTANCE);
    assertEquals(List.of(), outbox.drain(), "sent since the last tick: not again yet");
    shop.runCommand(ShopCommand.Redeliver.INSTANCE);
    assertEquals(List.of(sent), outbox.drain(), "still owed a whole interval later: sent again");
    shop.runCommand(ShopCommand.Redeliver.INSTANCE);
    assertEquals(List.of(sent), outbox.drain(), "and on every tick until acknowledged");
  }

  @Test
  void shouldConfirmAcknowledgementsInTheNextIntakeWrite() {
    bindWholeShopTo("sup_a");
    ingest(order("o-1", SHOP, "spu-1"));
    shop.runCommand(new ShopCommand.DispatchesAcknowledged(List.of("d1")));
    Order next = order("o-2", SHOP, "spu-1");
    var result =
        shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(next), r));
    assertEquals(1, result.events().size(), "the confirmation rides in the batch's one event");
    OrdersRouted batch = (OrdersRouted) result.events().get(0);
    assertEquals(List.of("d1"), batch.confirmedDispatchIds());
    assertEquals(List.of("o-2"), batch.orders().stream().map(o -> o.order().orderId()).toList());
    assertEquals(List.of("d2"), List.copyOf(result.state().pendingDispatches().keySet()));
  }

  /**
   * One event confirms at most 2,000 acknowledgements (it must stay under 256 KiB); the rest are
   * confirmed by the next write, right after, not at the next redelivery tick (an hour here).
   */
  @Test
  void shouldConfirmAtMostTheCapOfAcknowledgementsPerEventAndTheRestRightAfter()
      throws InterruptedException {
    bindWholeShopTo("sup_a");
    int orders = ShopDeliveries.MAX_CONFIRMED_PER_EVENT + 100;
    for (int from = 0; from < orders; from += 700) {
      List<Order> batch = new ArrayList<>();
      for (int i = from; i < Math.min(orders, from + 700); i++) {
        batch.add(order("o-" + i, SHOP, "spu-1"));
      }
      long batchId = from;
      shop.<ShopCommand.IngestResult>runCommand(
          r -> new ShopCommand.IngestOrders(batchId, batch, r));
    }
    outbox.drain();
    List<String> all = new ArrayList<>();
    for (int d = 1; d <= orders; d++) {
      all.add("d" + d);
    }
    shop.runCommand(new ShopCommand.DispatchesAcknowledged(all));

    var first = shop.runCommand(ShopCommand.Redeliver.INSTANCE);
    DispatchesConfirmed confirmed = (DispatchesConfirmed) first.events().get(0);
    assertEquals(ShopDeliveries.MAX_CONFIRMED_PER_EVENT, confirmed.dispatchIds().size());
    assertEquals(all.subList(0, ShopDeliveries.MAX_CONFIRMED_PER_EVENT), confirmed.dispatchIds());
    assertEquals(List.of(), outbox.drain(), "acknowledged, so not sent again");

    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!shop.getState().pendingDispatches().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(
        shop.getState().pendingDispatches().isEmpty(),
        "the last 100 confirmed without waiting for a redelivery tick");
    assertEquals(List.of(), outbox.drain(), "nothing acknowledged is sent again");
  }

  @Test
  void shouldFollowAnAssignmentMadeBeforeTheOrderArrived() {
    registerAndBind("sup_a", "sup_b");
    shop.<Outcome<Ack>>runCommand(
        r -> new ShopCommand.SetProductRoute("spu-1", null, "sup_a", List.of(), r));
    shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.AssignLine("o-1", "1", "sup_b", r));
    ShopCommand.IngestResult result = ingest(order("o-1", SHOP, "spu-1"));
    assertEquals(
        List.of(new SupplierLines("sup_b", List.of("1"))),
        result.outcomes().get(0).orThrow().dropshipOrders());
    assertTrue(shop.getState().allocation().manualAssignments().isEmpty(), "used up");
  }

  @Test
  void shouldRefundLinesStillInTheManualQueue() {
    registerAndBind("sup_a");
    ingest(order("o-1", SHOP, "spu-1", "spu-2"));
    var refunded =
        shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.RefundQueuedLines("o-1", List.of("2"), r));
    assertEquals(
        List.of(new ShopEvent.QueuedLinesRefunded(SHOP, "o-1", List.of("2"), T0)),
        refunded.events());
    assertEquals(List.of("o-1/1"), List.copyOf(refunded.state().manualQueue().keySet()));
    var again =
        shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.RefundQueuedLines("o-1", List.of("2"), r));
    assertEquals(Outcome.done(Ack.INSTANCE), again.reply(), "a repeated refund changes nothing");
    assertTrue(again.hasNoEvents());
    shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.AssignLine("o-1", "1", "sup_a", r));
    var allocated =
        shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.RefundQueuedLines("o-1", List.of("1"), r));
    assertEquals(ErrorCode.LINE_NOT_IN_MANUAL_QUEUE, refused(allocated.reply()).rejection().code());
  }

  @Test
  void shouldQueueLinesASupplierRejected() {
    registerAndBind("sup_a");
    Order order = order("o-1", SHOP, "spu-1");
    var returned =
        shop.runCommand(
            new ShopCommand.ReturnLines(
                "sup_a", "n7", "o-1", null, order.paidAt(), order.lines(), null));
    QueuedLine line =
        new QueuedLine(
            "o-1", null, order.paidAt(), order.lines().get(0), ManualReason.REJECTED_BY_SUPPLIER);
    assertEquals(
        List.of(new LinesReturned(SHOP, "n7", "sup_a", List.of(line), T0, List.of())),
        returned.events());
    assertEquals(line, returned.state().manualQueue().get("o-1/1"));
    var redelivered =
        shop.runCommand(
            new ShopCommand.ReturnLines(
                "sup_a", "n7", "o-1", null, order.paidAt(), order.lines(), null));
    assertTrue(redelivered.hasNoEvents());
    assertEquals(
        List.of(
            new Sent<>("sup_a", new SupplierCommand.NoticeAcknowledged("n7")),
            new Sent<>("sup_a", new SupplierCommand.NoticeAcknowledged("n7"))),
        outbox.drain());
  }

  /**
   * The supplier's node is 3 s ahead of the shop's: the lines' return is stamped after the
   * rejection, so the read side shows them back in the queue, not rejected; and the shop's
   * deliveries from then on leave with a send time after it too.
   */
  @Test
  void shouldStampTheReturnOfRejectedLinesAfterARejectionTimedAhead() {
    registerAndBind("sup_a");
    Order order = order("o-1", SHOP, "spu-1");
    Instant rejectedAt = T0.plusSeconds(3);
    var returned =
        shop.runCommand(
            new ShopCommand.ReturnLines(
                "sup_a", "n8", "o-1", null, order.paidAt(), order.lines(), rejectedAt));
    Instant returnedAt = ((LinesReturned) returned.events().get(0)).at();
    assertEquals(rejectedAt.plusNanos(1_000), returnedAt);
    outbox.drain();

    var assigned =
        shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.AssignLine("o-1", "1", "sup_a", r));
    Instant dispatchedAt = ((QueuedLineDispatched) assigned.events().get(0)).at();
    assertTrue(dispatchedAt.isAfter(rejectedAt), dispatchedAt + " after " + rejectedAt);
    SupplierCommand.ReceiveDispatches delivery =
        (SupplierCommand.ReceiveDispatches) outbox.drain().get(0).command();
    assertFalse(delivery.sentAt().isBefore(dispatchedAt), "sent no earlier than routed");
  }

  @Test
  void shouldUnbindAndDropTheSupplierFromTheRules() {
    bindWholeShopTo("sup_a");
    var unbound = shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.Unbind("sup_a", r));
    assertEquals(List.of(new SupplierUnbound(SHOP, "sup_a", T0)), unbound.events());
    assertEquals(AllocationMode.NONE, unbound.state().allocation().mode());
    assertTrue(unbound.state().bindings().isEmpty());
    var again = shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.Unbind("sup_a", r));
    assertEquals(ErrorCode.NOT_BOUND, refused(again.reply()).rejection().code());
  }

  @Test
  void shouldRecoverTheSameStateAndRedeliverPendingDispatches() {
    registerAndBind("sup_a", "sup_b");
    shop.<Outcome<Ack>>runCommand(
        r -> new ShopCommand.SetProductRoute("spu-a", null, "sup_a", List.of(), r));
    ingest(order("o-1", SHOP, "spu-a", "spu-z"), order("o-2", SHOP, "spu-a"));
    shop.runCommand(new ShopCommand.DispatchesAcknowledged(List.of("d1")));
    shop.runCommand(ShopCommand.Redeliver.INSTANCE);
    ShopState before = shop.getState();
    outbox.drain();

    shop.restart();
    assertEquals(before, shop.getState());
    assertEquals(
        List.of(
            new Sent<>(
                "sup_a",
                new SupplierCommand.ReceiveDispatches(
                    SHOP, List.of(before.pendingDispatches().get("d2")), T0))),
        outbox.drain(),
        "recovery sends what was never acknowledged");
  }

  @Test
  void shouldSnapshotAfterSoManyOrdersAndAnswerResendsFromTheSnapshot() {
    EntitySettings every3Orders =
        new EntitySettings(
            Duration.ofDays(7),
            Duration.ofHours(72),
            Duration.ofHours(1),
            100,
            true,
            1_000,
            3,
            Duration.ZERO,
            Duration.ofHours(1),
            false);
    var small = ShopUnderTest.create(testKit.system(), "shp_snap", every3Orders, clock, outbox);
    small.<Outcome<Ack>>runCommand(r -> new ShopCommand.Register("Snap", r));
    Order first = order("o-1", "shp_snap", "spu-a", "spu-b");
    small.<ShopCommand.IngestResult>runCommand(
        r -> new ShopCommand.IngestOrders(1, List.of(first, order("o-2", "shp_snap", "spu-a")), r));
    var snapshots = small.snapshotTestKit().orElseThrow();
    snapshots.expectNothingPersisted("Shop|shp_snap");

    var third =
        small.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(2, List.of(order("o-3", "shp_snap", "spu-c")), r));
    ShopState snapshot = snapshots.expectNextPersistedClass("Shop|shp_snap", ShopState.class);
    assertEquals(3, snapshot.recentOrders().size(), "taken after the third order");
    assertEquals(third.state(), snapshot);

    small.restart();
    var resent =
        small.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(3, List.of(first), r));
    assertEquals(List.of(), resent.events(), "a resend after recovery is not routed again");
    assertEquals(OrderStatus.PAID, resent.reply().outcomes().get(0).orThrow().status());
  }

  @Test
  void shouldSnapshotEverySoManyEventsWhateverTheOrders() {
    EntitySettings every2Events =
        new EntitySettings(
            Duration.ofDays(7),
            Duration.ofHours(72),
            Duration.ofHours(1),
            100,
            true,
            2,
            1_000_000,
            Duration.ZERO,
            Duration.ofHours(1),
            false);
    var small = ShopUnderTest.create(testKit.system(), "shp_evry", every2Events, clock, outbox);
    small.<Outcome<Ack>>runCommand(r -> new ShopCommand.Register("Every", r));
    var snapshots = small.snapshotTestKit().orElseThrow();
    snapshots.expectNothingPersisted("Shop|shp_evry");

    var second =
        small.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(order("o-1", "shp_evry", "spu-a")), r));
    assertEquals(
        second.state(), snapshots.expectNextPersistedClass("Shop|shp_evry", ShopState.class));
  }

  /** The decision the shop's rule for the SPU records on each line it routes. */
  private io.daifa.routing.RouteDecision decisionOf(String spuId) {
    return shop.getState().allocation().productRoutes().get(spuId).decision();
  }
}
