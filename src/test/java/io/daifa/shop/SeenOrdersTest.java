package io.daifa.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.EntityTestSupport;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.order.TestOrders;
import io.daifa.routing.ManualReason;
import io.daifa.shop.ShopEvent.ShopRegistered;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeenOrdersTest {

  private static final String SHOP = "shp_seen";
  private static final Duration WINDOW = Duration.ofHours(72);
  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final String MANUAL = null;

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private final Serialization serialization = SerializationExtension.get(testKit.system());

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  /**
   * The order routed as {@code AllocationTable.route} would: line i to {@code suppliers[i]} (null:
   * the manual queue), one dispatch per supplier in the order of its first line.
   */
  private static RoutedOrder routed(Order order, String... suppliers) {
    Map<String, List<OrderLine>> groups = new LinkedHashMap<>();
    List<QueuedLine> queued = new ArrayList<>();
    for (int i = 0; i < order.lines().size(); i++) {
      OrderLine line = order.lines().get(i);
      if (suppliers[i] == MANUAL) {
        queued.add(
            new QueuedLine(
                order.orderId(), null, order.paidAt(), line, ManualReason.NO_RULE_FOR_SPU));
      } else {
        groups.computeIfAbsent(suppliers[i], s -> new ArrayList<>()).add(line);
      }
    }
    List<DropshipDispatch> dispatches = new ArrayList<>();
    groups.forEach(
        (supplier, lines) ->
            dispatches.add(
                new DropshipDispatch(
                    "d" + dispatches.size(),
                    SHOP,
                    supplier,
                    order.orderId(),
                    null,
                    order.paidAt(),
                    lines)));
    return new RoutedOrder(order, order.fingerprint(), dispatches, queued);
  }

  private static Order order(String orderId, int lines) {
    String[] spus = new String[lines];
    for (int i = 0; i < lines; i++) {
      spus[i] = "spu-" + i;
    }
    return TestOrders.order(orderId, SHOP, spus);
  }

  /** Random orders of 1 to 12 lines over {@code supplierCount} suppliers and the manual queue. */
  private static List<RoutedOrder> randomOrders(Random random, int count, int supplierCount) {
    List<RoutedOrder> orders = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      Order order = order("o-" + n, 1 + random.nextInt(12));
      String[] suppliers = new String[order.lines().size()];
      for (int i = 0; i < suppliers.length; i++) {
        int pick = random.nextInt(supplierCount + 1);
        suppliers[i] = pick == supplierCount ? MANUAL : "sup_" + pick;
      }
      orders.add(routed(order, suppliers));
    }
    return orders;
  }

  @Test
  void aResendIsAnsweredWithTheFirstReceiptWhateverTheShapeOfTheOrder() {
    Random random = new Random(7);
    // 600 suppliers: indexes beyond what a packed shape holds keep their receipts whole.
    List<RoutedOrder> orders = randomOrders(random, 5_000, 600);
    SeenOrders seen = SeenOrders.of(WINDOW);
    for (RoutedOrder routed : orders) {
      seen.add(routed, T0);
    }
    assertEquals(orders.size(), seen.size());
    for (RoutedOrder routed : orders) {
      SeenOrders.Resend resend = seen.resend(routed.order(), routed.fingerprint());
      assertNotNull(resend, routed.order().orderId());
      assertTrue(resend.sameBody());
      assertEquals(routed.receipt(), resend.receipt(), routed.order().orderId());
    }
  }

  @Test
  void anotherBodyUnderASeenIdIsToldApartAndANewIdIsNotSeen() {
    SeenOrders seen = SeenOrders.of(WINDOW);
    RoutedOrder first = routed(order("o-1", 2), "sup_a", MANUAL);
    seen.add(first, T0);

    Order changed = TestOrders.order("o-1", SHOP, "spu-0", "spu-other");
    SeenOrders.Resend resend = seen.resend(changed, changed.fingerprint());
    assertFalse(resend.sameBody());
    assertNull(seen.resend(order("o-2", 1), order("o-2", 1).fingerprint()));
    assertTrue(seen.contains("o-1"));
    assertFalse(seen.contains("o-2"));
  }

  @Test
  void anOrderIsRememberedForOneWindowAtLeastAndTwoAtMost() {
    SeenOrders seen = SeenOrders.of(WINDOW);
    seen.add(routed(order("o-1", 1), "sup_a"), T0);
    seen.add(routed(order("o-2", 1), "sup_a"), T0.plus(WINDOW).plusSeconds(1));
    assertTrue(seen.contains("o-1"), "one window later, in the previous generation");
    seen.add(routed(order("o-3", 1), "sup_a"), T0.plus(WINDOW.multipliedBy(2)).plusSeconds(2));
    assertFalse(seen.contains("o-1"), "forgotten after the next rotation");
    assertTrue(seen.contains("o-2"));
  }

  @Test
  void aCopyDoesNotChangeWhenTheOriginalGrows() {
    SeenOrders seen = SeenOrders.of(WINDOW);
    seen.add(routed(order("o-1", 1), "sup_a"), T0);
    SeenOrders copy = seen.copy();
    seen.add(routed(order("o-2", 1), "sup_b"), T0);
    assertEquals(1, copy.size());
    assertFalse(copy.contains("o-2"));
    assertEquals(2, seen.size());
  }

  @Test
  void aShopStateSnapshotRoundTripsAndCostsAboutTwentyFourBytesPerOrder() throws Exception {
    ShopState state =
        ShopState.empty(SHOP, Duration.ofDays(7), WINDOW)
            .apply(new ShopRegistered(SHOP, "seen", T0));
    int orders = 300_000;
    List<RoutedOrder> batch = new ArrayList<>();
    for (int n = 0; n < orders; n++) {
      batch.add(routed(order("wx-order-" + n, 2), "sup_a", n % 3 == 0 ? "sup_b" : "sup_a"));
      if (batch.size() == 1_000) {
        state = state.apply(new ShopEvent.OrdersRouted(SHOP, batch, List.of(), T0));
        batch = new ArrayList<>();
      }
    }
    // The snapshot goes through the same serializer and adapter as the entity's.
    ShopState snapshot = state.copyForReaders();
    byte[] bytes = serialization.serialize(snapshot).get();
    ShopState back =
        (ShopState)
            serialization
                .deserialize(
                    bytes,
                    serialization.findSerializerFor(snapshot).identifier(),
                    ShopState.class.getName())
                .get();

    assertEquals(
        snapshot.recentOrders(), back.recentOrders(), "every order of the window comes back");
    assertTrue(
        bytes.length < orders * (OrderIdTable.ENTRY_BYTES + 2),
        "snapshot of " + orders + " orders: " + bytes.length + " bytes");
    assertTrue(bytes.length < 16 * 1024 * 1024, "under Cassandra's 16 MiB mutation limit");
    RoutedOrder last = routed(order("wx-order-299999", 2), "sup_a", "sup_a");
    assertEquals(
        last.receipt(), back.recentOrders().resend(last.order(), last.fingerprint()).receipt());
  }
}
