package io.daifa.supplier;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.app.RecordingPorts;
import io.daifa.common.Ack;
import io.daifa.common.EntitySettings;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.common.EntityTestSupport.Sent;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopCommand.DispatchesAcknowledged;
import io.daifa.supplier.SupplierEvent.DispatchesReceived;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.ProcessingSuccess$;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A supplier's group commit: the deliveries that arrive while a write is in flight are stored
 * together in the next write, each new dispatch once, and every delivery is acknowledged after it
 * is stored; a write that fails leaves nothing waiting, so what the shops send again is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupplierGroupCommitTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private static DropshipDispatch dispatch(
      String supplierId, String shopId, String dispatchId, String orderId) {
    Order order = order(orderId, shopId, "spu-1");
    return new DropshipDispatch(
        dispatchId, shopId, supplierId, orderId, null, order.paidAt(), order.lines());
  }

  private static SupplierCommand.ReceiveDispatches delivery(DropshipDispatch... dispatches) {
    return new SupplierCommand.ReceiveDispatches(dispatches[0].shopId(), List.of(dispatches), T0);
  }

  private ActorRef<SupplierCommand> registeredSupplier(String supplierId, Outbox<ShopCommand> out) {
    EntitySettings grouping = EntityTestSupport.settings(Duration.ZERO, true);
    ActorRef<SupplierCommand> supplier =
        testKit.spawn(
            SupplierEntity.create(
                supplierId,
                new SupplierWiring(grouping, new TestClock(T0), RecordingPorts.shops(out))));
    TestProbe<Outcome<Ack>> registered = testKit.createTestProbe();
    supplier.tell(
        new SupplierCommand.Register("Group Co", SupplierIdentity.SUPPLIER, registered.ref()));
    registered.receiveMessage();
    return supplier;
  }

  private List<Sent<ShopCommand>> awaitAcknowledgements(Outbox<ShopCommand> outbox, int count) {
    List<Sent<ShopCommand>> acknowledged = new ArrayList<>();
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              acknowledged.addAll(outbox.drain());
              assertEquals(count, acknowledged.size(), "every delivery is acknowledged");
              return null;
            });
    return acknowledged;
  }

  private List<List<DropshipDispatch>> storedDeliveries(String supplierId) {
    return journal.persistedInStorage("Supplier|" + supplierId).stream()
        .filter(DispatchesReceived.class::isInstance)
        .map(e -> ((DispatchesReceived) e).dispatches())
        .toList();
  }

  @Test
  void deliveriesArrivingDuringAWriteAreStoredTogetherInTheNext() throws Exception {
    String supplierId = "sup_group";
    Outbox<ShopCommand> outbox = new Outbox<>();
    ActorRef<SupplierCommand> supplier = registeredSupplier(supplierId, outbox);

    // The next write is held for half a second once it has started.
    CountDownLatch writing = new CountDownLatch(1);
    AtomicBoolean holdNext = new AtomicBoolean(true);
    journal.withPolicy(
        (persistenceId, operation) -> {
          if (operation instanceof WriteEvents && holdNext.compareAndSet(true, false)) {
            writing.countDown();
            try {
              Thread.sleep(500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return ProcessingSuccess$.MODULE$;
        });
    DropshipDispatch a1 = dispatch(supplierId, "shp_a", "d1", "o-1");
    DropshipDispatch b1 = dispatch(supplierId, "shp_b", "d1", "o-1");
    DropshipDispatch a2 = dispatch(supplierId, "shp_a", "d2", "o-2");
    DropshipDispatch a3 = dispatch(supplierId, "shp_a", "d3", "o-3");
    supplier.tell(delivery(a1));
    assertTrue(writing.await(5, TimeUnit.SECONDS), "the first delivery's write started");
    supplier.tell(delivery(b1)); // the same dispatch ID from another shop: another dispatch
    supplier.tell(delivery(a2));
    supplier.tell(delivery(a1, a3)); // a resend of d1 with a new one

    List<Sent<ShopCommand>> acknowledged = awaitAcknowledgements(outbox, 4);
    journal.resetPolicy();

    assertEquals(
        List.of(
            new Sent<>("shp_a", new DispatchesAcknowledged(List.of("d1"))),
            new Sent<>("shp_b", new DispatchesAcknowledged(List.of("d1"))),
            new Sent<>("shp_a", new DispatchesAcknowledged(List.of("d2"))),
            new Sent<>("shp_a", new DispatchesAcknowledged(List.of("d1", "d3")))),
        acknowledged);
    assertEquals(
        List.of(List.of(a1), List.of(b1, a2, a3)),
        storedDeliveries(supplierId),
        "the three deliveries taken during the first write are stored in one, each dispatch once");
  }

  @Test
  void deliveriesOfAFailedWriteAreStoredWhenSentAgain() {
    String supplierId = "sup_failing";
    Outbox<ShopCommand> outbox = new Outbox<>();
    ActorRef<SupplierCommand> supplier = registeredSupplier(supplierId, outbox);
    DropshipDispatch a1 = dispatch(supplierId, "shp_a", "d1", "o-1");
    DropshipDispatch b1 = dispatch(supplierId, "shp_b", "d1", "o-1");

    journal.failNextPersisted("Supplier|" + supplierId);
    supplier.tell(delivery(a1));
    testKit.createTestProbe().expectNoMessage(Duration.ofMillis(500));
    assertEquals(List.of(), outbox.drain(), "nothing acknowledged that was not stored");

    // The shop sends it again (its redelivery), another shop sends one: both are stored.
    supplier.tell(delivery(a1));
    supplier.tell(delivery(b1));
    awaitAcknowledgements(outbox, 2);
    assertEquals(
        List.of(a1, b1),
        storedDeliveries(supplierId).stream().flatMap(List::stream).toList(),
        "each stored once after the restart");
  }
}
