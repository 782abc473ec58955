package io.daifa.supplier;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.app.RecordingPorts;
import io.daifa.common.Ack;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.common.EntityTestSupport.Sent;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.Rejection;
import io.daifa.common.TestClock;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderStatus;
import io.daifa.shop.ShopCommand;
import io.daifa.supplier.SupplierEvent.BindingRequestApproved;
import io.daifa.supplier.SupplierEvent.BindingRequestReceived;
import io.daifa.supplier.SupplierEvent.DispatchesReceived;
import io.daifa.supplier.SupplierEvent.NoticesConfirmed;
import io.daifa.supplier.SupplierEvent.OrderAccepted;
import io.daifa.supplier.SupplierEvent.OrderReceived;
import io.daifa.supplier.SupplierEvent.OrderRejected;
import io.daifa.supplier.SupplierEvent.OrderShipped;
import io.daifa.supplier.SupplierEvent.SupplierRegistered;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupplierEntityTest {

  private static final String SUPPLIER = "sup_a";
  private static final String SHOP = "shp_1";
  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private Outbox<ShopCommand> outbox;
  private EventSourcedBehaviorTestKit<SupplierCommand, SupplierEvent, SupplierState> supplier;

  @BeforeEach
  void setUp() {
    outbox = new Outbox<>();
    supplier = newSupplier(SUPPLIER);
  }

  private EventSourcedBehaviorTestKit<SupplierCommand, SupplierEvent, SupplierState> newSupplier(
      String id) {
    EventSourcedBehaviorTestKit<SupplierCommand, SupplierEvent, SupplierState> kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            SupplierEntity.create(
                id,
                new SupplierWiring(
                    EntityTestSupport.settings(),
                    new TestClock(T0),
                    RecordingPorts.shops(outbox))));
    kit.clear();
    return kit;
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private void register(SupplierIdentity identity) {
    var result =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.Register("Shenzhen Co", identity, r));
    assertEquals(
        List.of(new SupplierRegistered(SUPPLIER, "Shenzhen Co", identity, T0)), result.events());
  }

  private static Rejection rejection(Object outcome) {
    return assertInstanceOf(Outcome.Refused.class, outcome).rejection();
  }

  private DropshipDispatch dispatch(String dispatchId, Order order) {
    return new DropshipDispatch(
        dispatchId, SHOP, SUPPLIER, order.orderId(), null, order.paidAt(), order.lines());
  }

  private Outcome<Ack> run(Function<ActorRef<Outcome<Ack>>, SupplierCommand> command) {
    return supplier.runCommand(command).reply();
  }

  @Test
  void shouldRefuseBindingToAShopMerchantIdOrAnUnknownId() {
    var unknown =
        supplier.<Outcome<BindingRequest>>runCommand(
            r -> new SupplierCommand.RequestBinding(SHOP, r));
    assertEquals(ErrorCode.INVALID_SUPPLIER_ID, rejection(unknown.reply()).code());
    assertTrue(unknown.hasNoEvents());

    register(SupplierIdentity.SHOP_MERCHANT);
    var merchant =
        supplier.<Outcome<BindingRequest>>runCommand(
            r -> new SupplierCommand.RequestBinding(SHOP, r));
    Rejection rejection = rejection(merchant.reply());
    assertEquals(ErrorCode.INVALID_SUPPLIER_ID, rejection.code());
    assertTrue(rejection.detail().contains("register as a supplier"), rejection.detail());
    assertTrue(merchant.hasNoEvents());
  }

  @Test
  void shouldPassAnInviteOnToItsShopOnlyForAValidSupplierId() {
    register(SupplierIdentity.SHOP_MERCHANT);
    var merchant =
        supplier.<Outcome<Ack>>runCommand(r -> new SupplierCommand.AcceptInvite(SHOP + ".tok", r));
    assertEquals(ErrorCode.INVALID_SUPPLIER_ID, rejection(merchant.reply()).code());
    assertEquals(List.of(), outbox.drain());

    var valid = newSupplier("sup_valid");
    valid.<Outcome<Ack>>runCommand(
        r -> new SupplierCommand.Register("Co", SupplierIdentity.SUPPLIER, r));
    var probe = testKit.<Outcome<Ack>>createTestProbe();
    var forwarded = valid.runCommand(new SupplierCommand.AcceptInvite(SHOP + ".tok", probe.ref()));
    assertTrue(forwarded.hasNoEvents());
    assertEquals(
        List.of(
            new Sent<>(
                SHOP, new ShopCommand.AcceptInvite(SHOP + ".tok", "sup_valid", probe.ref()))),
        outbox.drain(),
        "the shop named by the token answers the caller");

    var garbage =
        valid.<Outcome<Ack>>runCommand(r -> new SupplierCommand.AcceptInvite("no-dot", r));
    assertEquals(ErrorCode.INVITE_UNKNOWN, rejection(garbage.reply()).code());
  }

  @Test
  void shouldLetOnlyTheAddressedSupplierApproveAndTellTheShop() {
    register(SupplierIdentity.SUPPLIER);
    var requested =
        supplier.<Outcome<BindingRequest>>runCommand(
            r -> new SupplierCommand.RequestBinding(SHOP, r));
    BindingRequest request = requested.reply().orThrow();
    assertEquals(BindingRequest.Status.PENDING, request.status());
    assertEquals(
        List.of(new BindingRequestReceived(SUPPLIER, request.requestId(), SHOP, T0)),
        requested.events());
    var repeated =
        supplier.<Outcome<BindingRequest>>runCommand(
            r -> new SupplierCommand.RequestBinding(SHOP, r));
    assertEquals(request, repeated.reply().orThrow(), "applying again answers the pending request");
    assertTrue(repeated.hasNoEvents());

    var other = newSupplier("sup_other");
    var wrong =
        other.<Outcome<BindingRequest>>runCommand(
            r -> new SupplierCommand.DecideBindingRequest(request.requestId(), true, r));
    assertEquals(ErrorCode.NOT_FOUND, rejection(wrong.reply()).code());
    assertTrue(wrong.hasNoEvents());

    var approved =
        supplier.<Outcome<BindingRequest>>runCommand(
            r -> new SupplierCommand.DecideBindingRequest(request.requestId(), true, r));
    assertEquals(BindingRequest.Status.APPROVED, approved.reply().orThrow().status());
    assertEquals(
        List.of(new BindingRequestApproved(SUPPLIER, request.requestId(), SHOP, "n1", T0)),
        approved.events());
    assertEquals(
        List.of(
            new Sent<>(
                SHOP, new ShopCommand.ConfirmBindingApproval(SUPPLIER, request.requestId(), "n1"))),
        outbox.drain());

    var rejectAfter =
        supplier.<Outcome<BindingRequest>>runCommand(
            r -> new SupplierCommand.DecideBindingRequest(request.requestId(), false, r));
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, rejection(rejectAfter.reply()).code());

    var acked = supplier.runCommand(new SupplierCommand.NoticeAcknowledged("n1"));
    assertEquals(List.of(new NoticesConfirmed(SUPPLIER, List.of("n1"), T0)), acked.events());
    assertTrue(acked.state().pendingNotices().isEmpty());
  }

  @Test
  void shouldStoreABatchInOneWriteKeepingEachDispatchOnce() {
    register(SupplierIdentity.SUPPLIER);
    DropshipDispatch d1 = dispatch("d1", order("o-1", SHOP, "spu-1"));
    DropshipDispatch d2 = dispatch("d2", order("o-2", SHOP, "spu-1"));
    supplier.runCommand(new SupplierCommand.ReceiveDispatches(SHOP, List.of(d1), null));
    outbox.drain();
    var batch =
        supplier.runCommand(new SupplierCommand.ReceiveDispatches(SHOP, List.of(d1, d2, d2), null));
    assertEquals(
        List.of(new DispatchesReceived(SUPPLIER, List.of(d2), T0)),
        batch.events(),
        "only what was not seen, once, and in one write");
    assertEquals(
        List.of(
            new Sent<>(SHOP, new ShopCommand.DispatchesAcknowledged(List.of("d1", "d2", "d2")))),
        outbox.drain());
  }

  /**
   * The open orders change in place, and Pekko applies an event before the journal confirms it and
   * keeps the one empty state it was given for every recovery: the restarted supplier must not keep
   * the order of a write that failed, nor replay its journal onto what it had.
   */
  @Test
  void aDispatchWhoseWriteFailedIsNotOpenAfterTheRestartAndIsStoredWhenSentAgain() {
    register(SupplierIdentity.SUPPLIER);
    supplier.restart(); // this run's state is built on the empty state Pekko keeps
    DropshipDispatch dispatch = dispatch("d1", order("o-1", SHOP, "spu-1"));
    supplier.persistenceTestKit().failNextPersisted();
    supplier.runCommand(new SupplierCommand.ReceiveDispatches(SHOP, List.of(dispatch), null));
    // The failed write restarts the entity (with backoff) inside the same actor.
    assertTrue(supplier.getState().openOrders().isEmpty(), "the failed write left nothing open");

    var resent =
        supplier.runCommand(new SupplierCommand.ReceiveDispatches(SHOP, List.of(dispatch), null));
    assertEquals(List.of(new DispatchesReceived(SUPPLIER, List.of(dispatch), T0)), resent.events());
    assertEquals(1, resent.state().openOrders().size());
    var recovered = supplier.restart();
    assertEquals(1, recovered.state().openOrders().size(), "replayed once, onto a fresh state");
  }

  @Test
  void shouldKeepEachDispatchOnceAndAlwaysAcknowledge() {
    register(SupplierIdentity.SUPPLIER);
    DropshipDispatch dispatch = dispatch("d1", order("o-1", SHOP, "spu-1", "spu-2"));
    var first =
        supplier.runCommand(new SupplierCommand.ReceiveDispatches(SHOP, List.of(dispatch), null));
    assertEquals(List.of(new DispatchesReceived(SUPPLIER, List.of(dispatch), T0)), first.events());
    var again =
        supplier.runCommand(new SupplierCommand.ReceiveDispatches(SHOP, List.of(dispatch), null));
    assertTrue(again.hasNoEvents());
    assertEquals(OrderStatus.ALLOCATED, again.state().order(SHOP, "o-1").status());
    assertEquals(
        List.of(
            new Sent<>(SHOP, new ShopCommand.DispatchesAcknowledged(List.of("d1"))),
            new Sent<>(SHOP, new ShopCommand.DispatchesAcknowledged(List.of("d1")))),
        outbox.drain());
  }

  /**
   * The shop's node is 5 s ahead of this supplier's: the delivery's send time is after the shop's
   * routing, so the receipt and every later event of the supplier are stamped after it, and the
   * read side's last write (the acceptance) wins over the routing's.
   */
  @Test
  void shouldStampEverythingAfterTheDeliveryOfAShopWhoseClockIsAhead() {
    register(SupplierIdentity.SUPPLIER);
    Instant shopSentAt = T0.plusSeconds(5);
    var received =
        supplier.runCommand(
            new SupplierCommand.ReceiveDispatches(
                SHOP, List.of(dispatch("d1", order("o-1", SHOP, "spu-1"))), shopSentAt));
    Instant receivedAt = ((DispatchesReceived) received.events().get(0)).at();
    assertEquals(shopSentAt.plusNanos(1_000), receivedAt, "a microsecond after the send");

    var accepted =
        supplier.<Outcome<Ack>>runCommand(r -> new SupplierCommand.AcceptOrder(SHOP, "o-1", r));
    Instant acceptedAt = ((OrderAccepted) accepted.events().get(0)).at();
    assertTrue(acceptedAt.isAfter(shopSentAt), acceptedAt + " after " + shopSentAt);
    assertFalse(acceptedAt.isBefore(receivedAt), "never before the receipt");

    // A restart (this entity moving to another node) keeps the last stamp: still no going back.
    supplier.restart();
    var shipped =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.ShipOrder(SHOP, "o-1", "SF", "SF1", r));
    assertFalse(
        ((OrderShipped) shipped.events().get(0)).at().isBefore(acceptedAt),
        "the shipment is stamped no earlier than the acceptance");
  }

  @Test
  void shouldWalkTheStatusMachineAndRefuseIllegalTransitions() {
    register(SupplierIdentity.SUPPLIER);
    supplier.runCommand(
        new SupplierCommand.ReceiveDispatches(
            SHOP, List.of(dispatch("d1", order("o-1", SHOP, "spu-1", "spu-2"))), null));

    var early =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.ShipOrder(SHOP, "o-1", "SF", "SF1", r));
    Rejection illegal = rejection(early.reply());
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, illegal.code());
    assertTrue(illegal.detail().contains("ALLOCATED"), illegal.detail());
    assertTrue(early.hasNoEvents());

    var accepted =
        supplier.<Outcome<Ack>>runCommand(r -> new SupplierCommand.AcceptOrder(SHOP, "o-1", r));
    assertEquals(
        List.of(
            new OrderAccepted(SUPPLIER, SHOP, "o-1", List.of("1", "2"), OrderStatus.ACCEPTED, T0)),
        accepted.events());
    assertTrue(
        rejection(run(r -> new SupplierCommand.AcceptOrder(SHOP, "o-1", r)))
            .detail()
            .contains("ACCEPTED"));

    var shipped =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.ShipOrder(SHOP, "o-1", "SF", "SF1", r));
    assertEquals(
        List.of(
            new OrderShipped(
                SUPPLIER, SHOP, "o-1", List.of("1", "2"), OrderStatus.SHIPPED, "SF", "SF1", T0)),
        shipped.events());
    assertEquals("SF1", shipped.state().order(SHOP, "o-1").trackingNo());
    assertTrue(
        rejection(run(r -> new SupplierCommand.RejectOrder(SHOP, "o-1", "late", r)))
            .detail()
            .contains("SHIPPED"));

    Instant receivedAt = T0.plusSeconds(86_400);
    var received =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.ConfirmReceipt(SHOP, "o-1", receivedAt, r));
    assertEquals(
        List.of(
            new OrderReceived(
                SUPPLIER, SHOP, "o-1", List.of("1", "2"), OrderStatus.RECEIVED, receivedAt, T0)),
        received.events());
    assertTrue(received.state().openOrders().isEmpty(), "a received order leaves the open state");
    Rejection twice =
        rejection(run(r -> new SupplierCommand.ConfirmReceipt(SHOP, "o-1", receivedAt, r)));
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, twice.code());
    assertTrue(twice.detail().contains("RECEIVED"), twice.detail());
    assertEquals(
        ErrorCode.NOT_FOUND,
        rejection(run(r -> new SupplierCommand.AcceptOrder(SHOP, "o-404", r))).code());
  }

  @Test
  void shouldRefundAndDisputeAfterSaleAlsoOnceReceived() {
    register(SupplierIdentity.SUPPLIER);
    supplier.runCommand(
        new SupplierCommand.ReceiveDispatches(
            SHOP, List.of(dispatch("d1", order("o-1", SHOP, "spu-1", "spu-2"))), null));
    run(r -> new SupplierCommand.AcceptOrder(SHOP, "o-1", r));
    run(r -> new SupplierCommand.ShipOrder(SHOP, "o-1", "SF", "SF1", r));

    var disputed =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.SetDispute(SHOP, "o-1", List.of("1"), true, r));
    assertEquals(
        List.of(
            new SupplierEvent.DisputeOpened(
                SUPPLIER, SHOP, "o-1", List.of("1"), OrderStatus.DISPUTED, T0)),
        disputed.events());
    assertEquals(
        ErrorCode.ILLEGAL_TRANSITION,
        rejection(run(r -> new SupplierCommand.ConfirmReceipt(SHOP, "o-1", T0, r))).code(),
        "no receipt while a line is disputed");
    var closed =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.SetDispute(SHOP, "o-1", List.of("1"), false, r));
    assertEquals(
        List.of(
            new SupplierEvent.DisputeClosed(
                SUPPLIER,
                SHOP,
                "o-1",
                java.util.Map.of("1", OrderStatus.SHIPPED),
                OrderStatus.SHIPPED,
                T0)),
        closed.events());
    assertTrue(
        supplier
            .<Outcome<Ack>>runCommand(
                r -> new SupplierCommand.SetDispute(SHOP, "o-1", List.of("1"), false, r))
            .hasNoEvents(),
        "closing again changes nothing");

    run(r -> new SupplierCommand.ConfirmReceipt(SHOP, "o-1", T0, r));
    assertTrue(supplier.getState().openOrders().isEmpty());
    var refunded =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.RefundLines(SHOP, "o-1", List.of("2"), T0, r));
    assertEquals(
        List.of(
            new SupplierEvent.LinesRefunded(
                SUPPLIER, SHOP, "o-1", List.of("2"), OrderStatus.RECEIVED, T0, T0)),
        refunded.events(),
        "a received order is still found in the closed window");
    assertTrue(
        supplier
            .<Outcome<Ack>>runCommand(
                r -> new SupplierCommand.RefundLines(SHOP, "o-1", List.of("2"), T0, r))
            .hasNoEvents());
    Rejection unknownLine =
        rejection(run(r -> new SupplierCommand.RefundLines(SHOP, "o-1", List.of("9"), T0, r)));
    assertEquals("lineIds", unknownLine.field());
  }

  @Test
  void shouldCloseAnOrderWhoseLinesAreAllRefunded() {
    register(SupplierIdentity.SUPPLIER);
    supplier.runCommand(
        new SupplierCommand.ReceiveDispatches(
            SHOP, List.of(dispatch("d1", order("o-1", SHOP, "spu-1", "spu-2"))), null));
    var refunded =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.RefundLines(SHOP, "o-1", List.of("1", "2"), T0, r));
    assertTrue(refunded.state().openOrders().isEmpty(), "nothing more is expected of it here");
    assertEquals(OrderStatus.REFUNDED, refunded.state().order(SHOP, "o-1").status());
  }

  @Test
  void shouldReturnRejectedLinesToTheShop() {
    register(SupplierIdentity.SUPPLIER);
    Order order = order("o-1", SHOP, "spu-1");
    supplier.runCommand(
        new SupplierCommand.ReceiveDispatches(SHOP, List.of(dispatch("d1", order)), null));
    outbox.drain();
    var rejected =
        supplier.<Outcome<Ack>>runCommand(
            r -> new SupplierCommand.RejectOrder(SHOP, "o-1", "out of stock", r));
    assertEquals(
        List.of(
            new OrderRejected(
                SUPPLIER,
                SHOP,
                "o-1",
                List.of("1"),
                OrderStatus.REJECTED,
                "out of stock",
                "n1",
                T0)),
        rejected.events());
    assertEquals(
        List.of(
            new Sent<>(
                SHOP,
                new ShopCommand.ReturnLines(
                    SUPPLIER, "n1", "o-1", null, order.paidAt(), order.lines(), T0))),
        outbox.drain());
    assertEquals(OrderStatus.REJECTED, rejected.state().order(SHOP, "o-1").status());

    // The line assigned back to this supplier later is a new dispatch, and opens the order again.
    supplier.runCommand(
        new SupplierCommand.ReceiveDispatches(SHOP, List.of(dispatch("d7", order)), null));
    assertEquals(OrderStatus.ALLOCATED, supplier.getState().order(SHOP, "o-1").status());
  }

  @Test
  void shouldRecoverTheSameStateAndResendUnacknowledgedNotices() {
    register(SupplierIdentity.SUPPLIER);
    supplier.runCommand(
        new SupplierCommand.ReceiveDispatches(
            SHOP, List.of(dispatch("d1", order("o-1", SHOP, "spu-1"))), null));
    supplier.runCommand(
        new SupplierCommand.ReceiveDispatches(
            SHOP, List.of(dispatch("d2", order("o-2", SHOP, "spu-1"))), null));
    run(r -> new SupplierCommand.AcceptOrder(SHOP, "o-1", r));
    run(r -> new SupplierCommand.RejectOrder(SHOP, "o-2", "no stock", r));
    SupplierState before = supplier.getState();
    outbox.drain();

    supplier.restart();
    assertEquals(before, supplier.getState());
    List<Sent<ShopCommand>> resent = outbox.drain();
    assertEquals(1, resent.size());
    assertInstanceOf(ShopCommand.ReturnLines.class, resent.get(0).command());
  }

  @Test
  void shouldRecordARefundOfAnOrderItNoLongerHolds() {
    supplier.<Outcome<Ack>>runCommand(
        r -> new SupplierCommand.Register("Co", SupplierIdentity.SUPPLIER, r));
    var refunded =
        supplier.<Outcome<Ack>>runCommand(
            r ->
                new SupplierCommand.RefundForgottenLines(
                    SHOP, "o-gone", List.of("1"), OrderStatus.REFUNDED, T0, r));
    assertEquals(
        List.of(
            new SupplierEvent.LinesRefunded(
                SUPPLIER, SHOP, "o-gone", List.of("1"), OrderStatus.REFUNDED, T0, T0)),
        refunded.events());
    assertTrue(refunded.reply().isDone());
    assertTrue(supplier.getState().openOrders().isEmpty(), "no state for a forgotten order");
    supplier.restart();
    assertTrue(supplier.getState().openOrders().isEmpty(), "and it recovers");
  }
}
