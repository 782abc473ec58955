package io.daifa.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.EntityTestSupport;
import io.daifa.common.SizedBatches;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.routing.ManualReason;
import io.daifa.routing.RouteDecision;
import io.daifa.routing.RuleKind;
import io.daifa.shop.QueuedLine;
import io.daifa.shop.RoutedOrder;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopEvent;
import io.daifa.shop.ShopState;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierEvent;
import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
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
class OrderBatchSerializerTest {

  private static final Instant AT = Instant.parse("2026-11-11T00:00:00.123456789Z");
  private static final String SHOP = "shp_plwywuuk6ogiilelbmod";
  private static final String SUPPLIER = "sup_j3n3lcxnp4b2cjytuxjt";

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private final Serialization serialization = SerializationExtension.get(testKit.system());
  private final OrderBatchSerializer serializer = new OrderBatchSerializer();

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  /** A two-line promoted order with IDs as long as the API's: the size target's yardstick. */
  private static Order twoLineOrder(String orderId) {
    return new Order(
        orderId,
        SHOP,
        "buyer-7781234",
        "agy_7qk2m4rtd9s0h1c8xvbn",
        Instant.parse("2026-11-11T00:00:01.250Z"),
        List.of(line("1", "spu-17", 2, 19_800), line("2", "spu-42", 1, 900)));
  }

  private static OrderLine line(String lineId, String spuId, int quantity, long paid) {
    return new OrderLine(
        lineId,
        spuId,
        spuId + "-red-L",
        quantity,
        Fen.of(paid),
        Fen.ZERO,
        Fen.of(500),
        Fen.of(-0L),
        BasisPoints.of(500));
  }

  private static RoutedOrder split(Order order, long firstDispatch) {
    DropshipDispatch toSupplier =
        new DropshipDispatch(
            "d" + firstDispatch,
            SHOP,
            SUPPLIER,
            order.orderId(),
            order.agencyId(),
            order.paidAt(),
            order.lines().subList(0, 1));
    QueuedLine queued =
        new QueuedLine(
            order.orderId(),
            order.agencyId(),
            order.paidAt(),
            order.lines().get(1),
            ManualReason.NO_RULE_FOR_SPU);
    return new RoutedOrder(
        order,
        order.fingerprint(),
        List.of(toSupplier),
        List.of(queued),
        java.util.Map.of(),
        List.of(new RouteDecision(RuleKind.SPU, RULE_SET)));
  }

  /** A shop's batch of one two-line order, split as {@link #split} does. */
  private static ShopEvent.OrdersRouted oneOrderBatch(String orderId) {
    return new ShopEvent.OrdersRouted(
        SHOP, List.of(split(twoLineOrder(orderId), 1)), List.of(), AT);
  }

  /** When the SPU rule that routes the test orders was set: a day before the batches. */
  private static final Instant RULE_SET = Instant.parse("2026-11-10T00:00:00.000001Z");

  /**
   * Each dispatched line carries the decision of its rule (version 3): the kind, and the rule's
   * time to the microsecond, or none where it is unknown.
   */
  @Test
  void shouldCarryTheDecisionOfEachDispatchedLine() throws Exception {
    Order order = twoLineOrder("o-1");
    DropshipDispatch both =
        new DropshipDispatch(
            "d1", SHOP, SUPPLIER, "o-1", order.agencyId(), order.paidAt(), order.lines());
    List<RouteDecision> decisions =
        List.of(
            new RouteDecision(RuleKind.SKU, AT.minusSeconds(86_400 * 90).plusNanos(7_000)),
            new RouteDecision(RuleKind.MANUAL_ASSIGNMENT, null));
    var event =
        new ShopEvent.OrdersRouted(
            SHOP,
            List.of(
                new RoutedOrder(
                    order,
                    order.fingerprint(),
                    List.of(both),
                    List.of(),
                    java.util.Map.of(),
                    decisions)),
            List.of(),
            AT);
    byte[] bytes = serializer.toBinary(event);
    assertEquals(OrderBatchSerializer.ROUTING_VERSION, bytes[0]);
    assertEquals(event, serializer.fromBinary(bytes, OrderBatchSerializer.ORDERS_ROUTED));
  }

  /**
   * A batch the shop feeds to the read side itself carries the read side's mark (version 4); one of
   * an earlier version was tagged, and reads back as such.
   */
  @Test
  void shouldCarryTheReadSideMarkOfABatchFedDirectly() throws Exception {
    List<RoutedOrder> orders = List.of(split(twoLineOrder("o-1"), 1));
    var fed = new ShopEvent.OrdersRouted(SHOP, orders, List.of("d-9"), 41, AT);
    byte[] bytes = serializer.toBinary(fed);
    assertEquals(OrderBatchSerializer.READ_FEED_VERSION, bytes[0]);
    assertEquals(fed, serializer.fromBinary(bytes, OrderBatchSerializer.ORDERS_ROUTED));

    var tagged = new ShopEvent.OrdersRouted(SHOP, orders, List.of("d-9"), AT);
    byte[] older = serializer.toBinary(tagged);
    assertEquals(OrderBatchSerializer.ROUTING_VERSION, older[0]);
    var read =
        (ShopEvent.OrdersRouted) serializer.fromBinary(older, OrderBatchSerializer.ORDERS_ROUTED);
    assertFalse(read.fedDirectly());
    assertEquals(ShopEvent.OrdersRouted.TAGGED, read.readSideThrough());
    assertEquals(bytes.length, older.length + 1, "the mark costs one byte here");
  }

  private Object roundTrip(Object value) throws NotSerializableException {
    byte[] bytes = serialization.serialize(value).get();
    assertEquals(
        OrderBatchSerializer.IDENTIFIER,
        serialization.findSerializerFor(value).identifier(),
        value.getClass() + " is bound to the compact serializer");
    return serializer.fromBinary(bytes, serializer.manifest(value));
  }

  @Test
  void shouldRoundTripBatchesOfRandomOrders() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      List<RoutedOrder> orders = new ArrayList<>();
      List<DropshipDispatch> dispatches = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(40); i++) {
        Order order = randomOrder(random, "o-" + round + "-" + i);
        RoutedOrder routed = split(order, i);
        orders.add(routed);
        dispatches.addAll(routed.dispatches());
      }
      var routed = new ShopEvent.OrdersRouted(SHOP, orders, List.of("d-1", "d-2"), AT);
      assertEquals(routed, roundTrip(routed));
      var received = new SupplierEvent.DispatchesReceived(SUPPLIER, dispatches, AT);
      assertEquals(received, roundTrip(received));
      var delivery = new SupplierCommand.ReceiveDispatches(SHOP, dispatches, null);
      assertEquals(delivery, roundTrip(delivery));
    }
  }

  /**
   * The intake log hands back the bytes it encoded an event to, so that the journal's copy does not
   * encode it again: they are answered once, for that very object only; an equal event read back
   * elsewhere, or the same one again, is encoded afresh, to the same bytes.
   */
  @Test
  void shouldAnswerHandedBackBytesOnceForThatVeryEvent() throws Exception {
    var event = oneOrderBatch("o-1");
    byte[] encoded = serializer.toBinary(event);
    byte[] handedBack = encoded.clone();
    Object equalEvent = serializer.fromBinary(encoded, serializer.manifest(event));
    assertEquals(event, equalEvent);

    serializer.remember(event, handedBack);
    assertArrayEquals(encoded, serializer.toBinary(equalEvent));
    assertSame(handedBack, serializer.toBinary(event));
    byte[] again = serializer.toBinary(event);
    assertNotSame(handedBack, again);
    assertArrayEquals(encoded, again);

    serializer.remember(event, handedBack);
    serializer.forget(event);
    assertNotSame(handedBack, serializer.toBinary(event));
  }

  /**
   * Batches are encoded in a buffer the thread keeps: a small batch after a large one is the same
   * bytes as on its own, nothing of the large one left in it.
   */
  @Test
  void shouldEncodeABatchAloneWhateverWasEncodedBeforeIt() throws Exception {
    var small = oneOrderBatch("o-s");
    byte[] alone = new OrderBatchSerializer().toBinary(small);
    List<RoutedOrder> many = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      many.add(split(twoLineOrder("o-" + i), i));
    }
    byte[] large = serializer.toBinary(new ShopEvent.OrdersRouted(SHOP, many, List.of(), AT));
    assertTrue(large.length > 50 * alone.length, "the large batch is " + large.length + " bytes");
    byte[] after = serializer.toBinary(small);
    assertArrayEquals(alone, after);
    assertEquals(small, serializer.fromBinary(after, serializer.manifest(small)));
  }

  /**
   * Line indexes are not sizes: an order whose last lines are dispatched ends its batch with a high
   * index and almost no bytes left (a reader that checked indexes as sizes failed on this).
   */
  @Test
  void shouldRoundTripABatchEndingWithHighLineIndexes() throws Exception {
    Random random = new Random(11);
    Order order = randomOrder(random, "o-last");
    while (order.lines().size() < 5) {
      order = randomOrder(random, "o-last");
    }
    DropshipDispatch all =
        new DropshipDispatch(
            "d9", SHOP, SUPPLIER, order.orderId(), order.agencyId(), order.paidAt(), order.lines());
    var event =
        new ShopEvent.OrdersRouted(
            SHOP,
            List.of(new RoutedOrder(order, order.fingerprint(), List.of(all), List.of())),
            List.of(),
            AT);
    assertEquals(event, roundTrip(event));
  }

  private static Order randomOrder(Random random, String orderId) {
    List<OrderLine> lines = new ArrayList<>();
    for (int l = 0; l < 2 + random.nextInt(4); l++) {
      lines.add(
          new OrderLine(
              "line-" + l,
              "spu-" + random.nextInt(1000),
              "sku-" + random.nextInt(),
              1 + random.nextInt(1_000_000),
              Fen.of(random.nextLong() >>> 20),
              Fen.of(random.nextInt(10_000)),
              Fen.of(random.nextInt(10_000)),
              Fen.of(random.nextInt(10_000)),
              BasisPoints.of(random.nextInt(10_001))));
    }
    String agency = random.nextBoolean() ? null : "agy_" + random.nextInt(20) + "_店";
    Instant paidAt =
        Instant.ofEpochSecond(1_700_000_000L + random.nextInt(), random.nextInt(1_000_000_000));
    return new Order(orderId, SHOP, "买家-" + random.nextInt(100), agency, paidAt, lines);
  }

  /**
   * Intake bounds a batch by the sum of its orders' {@link CompactSize}: the message that carries
   * the batch to its shop, and the event the shop stores, must both stay within that bound.
   */
  @Test
  void shouldKeepAnIntakeBatchAndItsEventWithinTheBoundOfItsOrders() throws Exception {
    Random random = new Random(3);
    List<Order> orders = new ArrayList<>();
    List<RoutedOrder> routed = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Order order = randomOrder(random, "o-" + i);
      orders.add(order);
      routed.add(split(order, i));
    }
    long bound = orders.stream().mapToLong(CompactSize::of).sum();
    var probe = testKit.<ShopCommand.IngestResult>createTestProbe();
    var batch = new ShopCommand.IngestOrders(42, orders, probe.ref());
    byte[] message = serialization.serialize(batch).get();
    assertEquals(
        OrderBatchSerializer.IDENTIFIER, serialization.findSerializerFor(batch).identifier());
    assertEquals(
        batch,
        serialization
            .deserialize(
                message, OrderBatchSerializer.IDENTIFIER, OrderBatchSerializer.INGEST_ORDERS)
            .get());
    byte[] event =
        serialization.serialize(new ShopEvent.OrdersRouted(SHOP, routed, List.of(), AT)).get();
    assertTrue(
        message.length <= bound + CompactSize.HEADER,
        message.length + " bytes of message, bound " + bound);
    assertTrue(
        event.length <= bound + CompactSize.HEADER,
        event.length + " bytes of event, bound " + bound);
  }

  /**
   * The bound holds when routing adds the most it can: every line a dispatch of its own with the
   * longest dispatch ID, a commission rate on every line, and decisions of rules set long ago.
   */
  @Test
  void shouldBoundAnOrderWhateverItsRoutingAdds() throws Exception {
    Random random = new Random(13);
    for (int round = 0; round < 30; round++) {
      List<RoutedOrder> routed = new ArrayList<>();
      long bound = 0;
      for (int i = 0; i < 40; i++) {
        Order order = randomOrder(random, "o-" + round + "-" + i);
        List<DropshipDispatch> dispatches = new ArrayList<>();
        Map<String, Integer> rates = new HashMap<>();
        List<RouteDecision> decisions = new ArrayList<>();
        for (OrderLine line : order.lines()) {
          dispatches.add(
              new DropshipDispatch(
                  "d" + (Long.MAX_VALUE - i),
                  SHOP,
                  SUPPLIER,
                  order.orderId(),
                  order.agencyId(),
                  order.paidAt(),
                  List.of(line)));
          rates.put(line.lineId(), 10_000);
          decisions.add(new RouteDecision(RuleKind.BACKUP, Instant.EPOCH));
        }
        routed.add(
            new RoutedOrder(order, order.fingerprint(), dispatches, List.of(), rates, decisions));
        bound += CompactSize.of(order);
      }
      byte[] event =
          serialization.serialize(new ShopEvent.OrdersRouted(SHOP, routed, List.of(), AT)).get();
      assertTrue(
          event.length <= bound + CompactSize.HEADER, event.length + " bytes, bound " + bound);
    }
  }

  /**
   * The bound is close to what is stored: a bound three times the real size cut a busy shop's
   * batches at a third of what they could hold (and its rate with them).
   */
  @Test
  void shouldBoundATypicalOrderCloselyNotThreeTimesOver() throws Exception {
    List<RoutedOrder> orders = new ArrayList<>();
    long bound = 0;
    for (int i = 0; i < 100; i++) {
      Order order = twoLineOrder("wx-20261111-" + (100_000_000 + i));
      orders.add(split(order, 10_000 + i));
      bound += CompactSize.of(order);
    }
    byte[] batch =
        serialization.serialize(new ShopEvent.OrdersRouted(SHOP, orders, List.of(), AT)).get();
    assertTrue(bound >= batch.length, bound + " bytes bound, " + batch.length + " stored");
    assertTrue(bound <= 1.6 * batch.length, bound + " bytes bound, " + batch.length + " stored");
  }

  /**
   * A shop delivers a supplier's dispatches in messages bounded by the sum of their {@link
   * CompactSize} ({@link SizedBatches}): a redelivery of many large dispatches becomes several
   * messages, each within Artery's frame.
   */
  @Test
  void shouldKeepADeliveryWithinTheBoundOfItsDispatches() throws Exception {
    Random random = new Random(5);
    List<DropshipDispatch> dispatches = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      Order order = randomOrder(random, "o-" + i);
      dispatches.add(
          new DropshipDispatch(
              "d" + i,
              SHOP,
              SUPPLIER,
              order.orderId(),
              order.agencyId(),
              order.paidAt(),
              order.lines()));
    }
    long total = dispatches.stream().mapToLong(CompactSize::of).sum();
    assertTrue(total > 256 * 1024, "a redelivery round larger than one frame: " + total);
    List<SizedBatches.Part<DropshipDispatch>> parts =
        SizedBatches.parts(dispatches, CompactSize::of, SizedBatches.MAX_MESSAGE_BYTES);
    assertTrue(parts.size() > 1);
    assertEquals(
        dispatches, parts.stream().flatMap(p -> p.items().stream()).toList(), "all, in order");
    for (SizedBatches.Part<DropshipDispatch> part : parts) {
      var delivery = new SupplierCommand.ReceiveDispatches(SHOP, part.items(), null);
      assertEquals(delivery.bytes(), part.bytes(), "the part's bytes as the delivery counts them");
      byte[] message = serialization.serialize(delivery).get();
      long bound = part.bytes();
      assertTrue(
          message.length <= bound + CompactSize.HEADER, message.length + " bytes, bound " + bound);
      assertTrue(message.length <= SizedBatches.MAX_MESSAGE_BYTES, message.length + " bytes");
      assertEquals(
          delivery.bytes(),
          ((SupplierCommand.ReceiveDispatches)
                  serializer.fromBinary(message, OrderBatchSerializer.RECEIVE_DISPATCHES))
              .bytes(),
          "a delivery read from another node counts its bytes again");
    }
  }

  @Test
  void shouldStoreATwoLineOrderInAtMost300Bytes() throws Exception {
    List<RoutedOrder> orders = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      orders.add(split(twoLineOrder("wx-20261111-" + (100_000_000 + i)), 10_000 + i));
    }
    byte[] batch =
        serialization.serialize(new ShopEvent.OrdersRouted(SHOP, orders, List.of(), AT)).get();
    double perOrder = batch.length / 100.0;
    assertTrue(perOrder <= 300, "bytes per routed two-line order: " + perOrder);
    byte[] cbor =
        SerializationExtension.get(testKit.system())
            .serializerFor(io.daifa.common.CborSerializable.class)
            .toBinary(orders.get(0));
    assertTrue(
        perOrder * 4 < cbor.length, "compact " + perOrder + " vs CBOR " + cbor.length + " bytes");
  }

  @Test
  void shouldRefuseAnUnknownVersionTruncatedInputAndTrailingBytes() throws Exception {
    var event = oneOrderBatch("o-1");
    byte[] bytes = serializer.toBinary(event);
    byte[] future = bytes.clone();
    future[0] = 5;
    var version =
        assertThrows(
            NotSerializableException.class,
            () -> serializer.fromBinary(future, OrderBatchSerializer.ORDERS_ROUTED));
    assertTrue(version.getMessage().contains("version 5"), version.getMessage());
    for (int cut = 1; cut < bytes.length; cut += 7) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThrows(
          NotSerializableException.class,
          () -> serializer.fromBinary(truncated, OrderBatchSerializer.ORDERS_ROUTED),
          "cut at " + cut);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(
        NotSerializableException.class,
        () -> serializer.fromBinary(longer, OrderBatchSerializer.ORDERS_ROUTED));
  }

  /**
   * Lines of picked market products carry their commission rate (version 2); a batch without any is
   * written in version 1. Batches routed today carry decisions (version 3): these are the forms of
   * orders routed before decisions were recorded, which every later reader reads.
   */
  @Test
  void shouldCarryCommissionRatesOnlyInBatchesThatHaveThem() throws Exception {
    RoutedOrder decided = split(twoLineOrder("o-1"), 1);
    RoutedOrder plain =
        new RoutedOrder(
            decided.order(), decided.fingerprint(), decided.dispatches(), decided.queued());
    RoutedOrder market = split(twoLineOrder("o-2"), 3);
    RoutedOrder withRates =
        new RoutedOrder(
            market.order(),
            market.fingerprint(),
            market.dispatches(),
            market.queued(),
            java.util.Map.of(market.order().lines().get(0).lineId(), 1_250),
            List.of());
    var mixed = new ShopEvent.OrdersRouted(SHOP, List.of(plain, withRates), List.of(), AT);
    byte[] bytes = serializer.toBinary(mixed);
    assertEquals(2, bytes[0]);
    assertEquals(mixed, serializer.fromBinary(bytes, OrderBatchSerializer.ORDERS_ROUTED));
    var none = new ShopEvent.OrdersRouted(SHOP, List.of(plain), List.of(), AT);
    byte[] old = serializer.toBinary(none);
    assertEquals(1, old[0], "no rates: the previous release's form");
    assertEquals(none, serializer.fromBinary(old, OrderBatchSerializer.ORDERS_ROUTED));
  }

  /**
   * A delivery of version 2 carries the shop's send time (hybrid time across nodes); one of version
   * 1, as a router of the previous release sends it during a rolling upgrade, still reads, without
   * a time; a malformed presence byte is refused.
   */
  @Test
  void shouldReadDeliveriesWithAndWithoutTheirSendTime() throws Exception {
    List<DropshipDispatch> dispatches = split(twoLineOrder("o-1"), 1).dispatches();
    var timed = new SupplierCommand.ReceiveDispatches(SHOP, dispatches, AT.plusNanos(1_234_000));
    byte[] current = serializer.toBinary(timed);
    assertEquals(OrderBatchSerializer.DELIVERY_VERSION, current[0]);
    assertEquals(timed, serializer.fromBinary(current, OrderBatchSerializer.RECEIVE_DISPATCHES));

    byte[] untimed =
        serializer.toBinary(new SupplierCommand.ReceiveDispatches(SHOP, dispatches, null));
    // The previous release's form: version 1, and the dispatches last.
    byte[] previous = Arrays.copyOf(untimed, untimed.length - 1);
    previous[0] = 1;
    assertEquals(
        new SupplierCommand.ReceiveDispatches(SHOP, dispatches, null),
        serializer.fromBinary(previous, OrderBatchSerializer.RECEIVE_DISPATCHES));

    byte[] malformed = untimed.clone();
    malformed[malformed.length - 1] = 7;
    assertThrows(
        NotSerializableException.class,
        () -> serializer.fromBinary(malformed, OrderBatchSerializer.RECEIVE_DISPATCHES));
  }

  @Test
  void shouldRefuseADispatchThatDoesNotMatchItsOrder() {
    Order order = twoLineOrder("o-1");
    DropshipDispatch foreign =
        new DropshipDispatch(
            "d1", SHOP, SUPPLIER, "o-2", order.agencyId(), order.paidAt(), order.lines());
    var event =
        new ShopEvent.OrdersRouted(
            SHOP,
            List.of(new RoutedOrder(order, order.fingerprint(), List.of(foreign), List.of())),
            List.of(),
            AT);
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(event));
  }

  /**
   * Journals written before batches hold one CBOR {@code OrderRouted} per order and one {@code
   * DispatchReceived} per dispatch. The fixtures are those events as the previous release wrote
   * them; they must still read, and replay into the state a batch gives.
   */
  @Test
  void shouldReadEventsOfThePreviousFormat() throws Exception {
    Order order = twoLineOrder("o-legacy");
    RoutedOrder routed = split(order, 1);
    var legacyRouted =
        (ShopEvent.OrderRouted)
            deserializeFixture("legacy-order-routed.cbor.b64", ShopEvent.OrderRouted.class);
    assertEquals(
        new ShopEvent.OrderRouted(
            SHOP, order, order.fingerprint(), routed.dispatches(), routed.queued(), AT),
        legacyRouted);
    var legacyReceived =
        (SupplierEvent.DispatchReceived)
            deserializeFixture(
                "legacy-dispatch-received.cbor.b64", SupplierEvent.DispatchReceived.class);
    assertEquals(
        new SupplierEvent.DispatchReceived(SUPPLIER, routed.dispatches().get(0), AT),
        legacyReceived);

    ShopState empty = ShopState.empty(SHOP, Duration.ofDays(7), Duration.ofHours(72));
    assertEquals(
        empty.apply(new ShopEvent.OrdersRouted(SHOP, List.of(routed), List.of(), AT)),
        empty.apply(legacyRouted),
        "a legacy event replays into the state of the batch event");
  }

  /**
   * A shop snapshot written before the orders seen became {@code SeenOrders} (a window of whole
   * receipts by order ID) still recovers, and answers resends of its orders as before.
   */
  @Test
  void shouldReadALegacyShopSnapshot() throws Exception {
    ShopState legacy =
        (ShopState) deserializeFixture("legacy-shop-state.cbor.b64", ShopState.class);
    for (int n = 1; n <= 2; n++) {
      RoutedOrder routed = split(twoLineOrder("o-legacy-" + n), n);
      var resend = legacy.recentOrders().resend(routed.order(), routed.fingerprint());
      assertTrue(resend.sameBody());
      assertEquals(routed.receipt(), resend.receipt());
    }
    assertEquals(2, legacy.recentOrders().size());
    assertEquals(2, legacy.manualQueue().size());
  }

  private Object deserializeFixture(String name, Class<?> type) throws Exception {
    try (var in = getClass().getResourceAsStream("/wire/" + name)) {
      byte[] bytes =
          Base64.getDecoder()
              .decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
      var cbor = serialization.serializerFor(io.daifa.common.CborSerializable.class);
      return serialization.deserialize(bytes, cbor.identifier(), type.getName()).get();
    }
  }

  /** The fixture form of an event: its CBOR bytes in base64 (how the fixtures were made). */
  static String fixture(Serialization serialization, Object event) throws Exception {
    var cbor = serialization.serializerFor(io.daifa.common.CborSerializable.class);
    return Base64.getEncoder().encodeToString(cbor.toBinary(event));
  }
}
