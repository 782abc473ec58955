package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.app.DaifaConfig;
import io.daifa.app.DaifaNode;
import io.daifa.common.Ack;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.order.TestOrders;
import io.daifa.shop.OrderReceipt;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopState;
import io.daifa.supplier.BindingRequest;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierEvent;
import io.daifa.supplier.SupplierIdentity;
import io.daifa.supplier.SupplierOrder;
import io.daifa.supplier.SupplierState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * The foundation end to end on the real Cassandra: binding both ways, a thousand multi-line orders
 * routed, the router stopped and started again, and every piece of state recovered, with every
 * dropship order at its supplier exactly once, also when the router stops between persisting an
 * order and forwarding it.
 */
class RoutingIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String SHOP = "shp_it";
  private static final String BY_INVITE = "sup_invited";
  private static final String BY_APPLICATION = "sup_applied";
  private static final String MERCHANT = "sup_merchant";

  private static <R> R ask(EntityRef<?> entity, Function<ActorRef<R>, ?> command) throws Exception {
    @SuppressWarnings("unchecked")
    EntityRef<Object> ref = (EntityRef<Object>) entity;
    return ref.<R>ask(replyTo -> command.apply(replyTo), Duration.ofSeconds(20))
        .toCompletableFuture()
        .get();
  }

  private static void eventually(String what, BooleanSupplier condition) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + PATIENCE + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  private static ShopState shopState(DaifaNode node) throws Exception {
    return ask(node.shop(SHOP), ShopCommand.GetState::new);
  }

  private static SupplierState supplierState(DaifaNode node, String id) throws Exception {
    return ask(node.supplier(id), SupplierCommand.GetState::new);
  }

  private static BooleanSupplier check(CheckedBoolean check) {
    return () -> {
      try {
        return check.get();
      } catch (Exception e) {
        return false;
      }
    };
  }

  @FunctionalInterface
  private interface CheckedBoolean {
    boolean get() throws Exception;
  }

  private static void registerAll(DaifaNode node) throws Exception {
    assertTrue(
        RoutingIT.<Outcome<Ack>>ask(node.shop(SHOP), r -> new ShopCommand.Register("IT shop", r))
            .isDone());
    for (String supplier : List.of(BY_INVITE, BY_APPLICATION)) {
      Outcome<Ack> registered =
          ask(
              node.supplier(supplier),
              r -> new SupplierCommand.Register(supplier, SupplierIdentity.SUPPLIER, r));
      assertTrue(registered.isDone());
    }
    Outcome<Ack> merchant =
        ask(
            node.supplier(MERCHANT),
            r -> new SupplierCommand.Register("merchant", SupplierIdentity.SHOP_MERCHANT, r));
    assertTrue(merchant.isDone());
  }

  private static void bindByInvite(DaifaNode node, String supplier) throws Exception {
    ShopCommand.InviteIssued invite =
        RoutingIT.<Outcome<ShopCommand.InviteIssued>>ask(
                node.shop(SHOP), ShopCommand.CreateInvite::new)
            .orThrow();
    Outcome<Ack> accepted =
        ask(node.supplier(supplier), r -> new SupplierCommand.AcceptInvite(invite.token(), r));
    assertTrue(accepted.isDone(), accepted.toString());
  }

  /**
   * Random orders of 1 to 4 lines over twelve SPUs: even SPUs go to the invited supplier, odd ones
   * to the approved one, SPUs 10 and 11 have no rule and wait in the manual queue.
   */
  private static List<Order> orders(String prefix, int count, long seed) {
    Random random = new Random(seed);
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<OrderLine> lines = new ArrayList<>();
      int n = 1 + random.nextInt(4);
      for (int l = 1; l <= n; l++) {
        lines.add(TestOrders.line(Integer.toString(l), "spu-" + random.nextInt(12)));
      }
      orders.add(
          new Order(
              prefix + i, SHOP, "buyer-" + random.nextInt(50), null, TestOrders.PAID_AT, lines));
    }
    return orders;
  }

  private static String supplierOf(String spuId) {
    int n = Integer.parseInt(spuId.substring(4));
    return n >= 10 ? null : n % 2 == 0 ? BY_INVITE : BY_APPLICATION;
  }

  /** supplier → order → line IDs, as the routing rules above decide. */
  private static Map<String, Map<String, TreeSet<String>>> expectedDispatches(List<Order> orders) {
    Map<String, Map<String, TreeSet<String>>> expected = new TreeMap<>();
    for (Order order : orders) {
      for (OrderLine line : order.lines()) {
        String supplier = supplierOf(line.spuId());
        if (supplier != null) {
          expected
              .computeIfAbsent(supplier, s -> new TreeMap<>())
              .computeIfAbsent(order.orderId(), o -> new TreeSet<>())
              .add(line.lineId());
        }
      }
    }
    return expected;
  }

  private static Map<String, TreeSet<String>> heldBy(SupplierState state) {
    Map<String, TreeSet<String>> held = new TreeMap<>();
    for (SupplierOrder order : state.openOrders().values()) {
      held.put(order.orderId(), new TreeSet<>(order.lines().keySet()));
    }
    return held;
  }

  private static void setRoutes(DaifaNode node) throws Exception {
    for (int spu = 0; spu < 10; spu++) {
      String spuId = "spu-" + spu;
      Outcome<Ack> set =
          ask(
              node.shop(SHOP),
              r -> new ShopCommand.SetProductRoute(spuId, null, supplierOf(spuId), List.of(), r));
      assertTrue(set.isDone(), set.toString());
    }
  }

  private static List<Outcome<OrderReceipt>> ingest(DaifaNode node, List<Order> orders)
      throws Exception {
    List<Outcome<OrderReceipt>> outcomes = new ArrayList<>();
    for (int from = 0; from < orders.size(); from += 50) {
      List<Order> batch = orders.subList(from, Math.min(orders.size(), from + 50));
      ShopCommand.IngestResult result =
          ask(node.shop(SHOP), r -> new ShopCommand.IngestOrders(1, List.copyOf(batch), r));
      outcomes.addAll(result.outcomes());
    }
    return outcomes;
  }

  /** How often each dispatch of each shop was stored in the supplier's journal. */
  private static Map<String, Integer> dispatchesInJournal(DaifaNode node, String supplier)
      throws Exception {
    CassandraReadJournal journal =
        PersistenceQuery.get(node.system())
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    List<EventEnvelope> envelopes =
        journal
            .currentEventsByPersistenceId("Supplier|" + supplier, 0, Long.MAX_VALUE)
            .runWith(Sink.seq(), node.system())
            .toCompletableFuture()
            .get();
    Map<String, Integer> counts = new HashMap<>();
    for (EventEnvelope envelope : envelopes) {
      if (envelope.event() instanceof SupplierEvent.DispatchesReceived received) {
        for (var dispatch : received.dispatches()) {
          counts.merge(dispatch.dispatchId(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private static void assertEachDispatchOnce(DaifaNode node, String supplier, int expected)
      throws Exception {
    // The journal's queries see a supplier's events once the intake log copied them (every 2 s).
    eventually(
        "every dispatch in " + supplier + "'s journal",
        check(() -> dispatchesInJournal(node, supplier).size() >= expected));
    Map<String, Integer> counts = dispatchesInJournal(node, supplier);
    assertEquals(expected, counts.size(), "dispatches stored by " + supplier);
    assertTrue(
        counts.values().stream().allMatch(c -> c == 1), "a dispatch stored twice: " + counts);
  }

  @Test
  void shouldRouteAThousandOrdersAndRecoverEveryPieceOfStateAfterARestart() throws Exception {
    Map<String, Object> config = TestCassandra.freshKeyspace("routing");
    config.put("daifa.entities.redelivery-interval", "500ms");
    List<Order> orders = orders("o-", 1000, 42);
    Map<String, Map<String, TreeSet<String>>> expected = expectedDispatches(orders);
    ShopState shopBefore;
    Map<String, SupplierState> suppliersBefore = new HashMap<>();

    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      registerAll(node);
      bindByInvite(node, BY_INVITE);

      BindingRequest request =
          RoutingIT.<Outcome<BindingRequest>>ask(
                  node.supplier(BY_APPLICATION), r -> new SupplierCommand.RequestBinding(SHOP, r))
              .orThrow();
      Outcome<BindingRequest> merchant =
          ask(node.supplier(MERCHANT), r -> new SupplierCommand.RequestBinding(SHOP, r));
      assertEquals(
          ErrorCode.INVALID_SUPPLIER_ID,
          assertInstanceOf(Outcome.Refused.class, merchant).rejection().code());
      ShopCommand.InviteIssued spare =
          RoutingIT.<Outcome<ShopCommand.InviteIssued>>ask(
                  node.shop(SHOP), ShopCommand.CreateInvite::new)
              .orThrow();
      Outcome<Ack> merchantAccepts =
          ask(node.supplier(MERCHANT), r -> new SupplierCommand.AcceptInvite(spare.token(), r));
      assertEquals(
          ErrorCode.INVALID_SUPPLIER_ID,
          assertInstanceOf(Outcome.Refused.class, merchantAccepts).rejection().code());
      assertTrue(
          RoutingIT.<Outcome<BindingRequest>>ask(
                  node.supplier(BY_APPLICATION),
                  r -> new SupplierCommand.DecideBindingRequest(request.requestId(), true, r))
              .isDone());
      eventually(
          "the approval reaches the shop",
          check(() -> shopState(node).allocation().isBound(BY_APPLICATION)));

      setRoutes(node);
      List<Outcome<OrderReceipt>> outcomes = ingest(node, orders);
      assertEquals(1000, outcomes.size());
      for (int i = 0; i < orders.size(); i++) {
        OrderReceipt receipt = outcomes.get(i).orThrow();
        Order order = orders.get(i);
        for (OrderReceipt.SupplierLines group : receipt.dropshipOrders()) {
          assertEquals(
              expected.get(group.supplierId()).get(order.orderId()),
              new TreeSet<>(group.lineIds()));
        }
      }
      eventually(
          "every dispatch acknowledged",
          check(() -> shopState(node).pendingDispatches().isEmpty()));
      for (String supplier : List.of(BY_INVITE, BY_APPLICATION)) {
        eventually(
            supplier + " acknowledged the shop's notices",
            check(() -> supplierState(node, supplier).pendingNotices().isEmpty()));
        suppliersBefore.put(supplier, supplierState(node, supplier));
        assertEquals(expected.get(supplier), heldBy(suppliersBefore.get(supplier)));
      }
      shopBefore = shopState(node);
      long manualLines =
          orders.stream()
              .flatMap(o -> o.lines().stream())
              .filter(l -> supplierOf(l.spuId()) == null)
              .count();
      assertEquals(manualLines, shopBefore.manualQueue().size());
    }

    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      assertEquals(shopBefore, shopState(node), "the shop recovers exactly");
      for (String supplier : List.of(BY_INVITE, BY_APPLICATION)) {
        assertEquals(suppliersBefore.get(supplier), supplierState(node, supplier));
        assertEachDispatchOnce(node, supplier, expected.get(supplier).size());
      }
      // Resending after the restart answers from the recovered de-duplication window.
      List<Outcome<OrderReceipt>> again = ingest(node, orders.subList(0, 10));
      assertTrue(again.stream().allMatch(Outcome::isDone));
      assertEquals(shopBefore.dispatchSeq(), shopState(node).dispatchSeq(), "nothing routed twice");
    }
  }

  @Test
  void shouldForwardEveryOrderOnceWhenStoppedBetweenPersistAndForward() throws Exception {
    Map<String, Object> config = TestCassandra.freshKeyspace("crash");
    List<Order> orders = orders("c-", 300, 7);
    Map<String, Map<String, TreeSet<String>>> expected = expectedDispatches(orders);

    // The first router persists the orders but never forwards them: as if it crashed right after
    // each write.
    Map<String, Object> crashing = new HashMap<>(config);
    crashing.put("daifa.entities.deliver-after-persist", "off");
    crashing.put("daifa.entities.redelivery-interval", "1h");
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(crashing), Clock.systemUTC())) {
      registerAll(node);
      bindByInvite(node, BY_INVITE);
      bindByInvite(node, BY_APPLICATION);
      setRoutes(node);
      assertTrue(ingest(node, orders).stream().allMatch(Outcome::isDone));
      assertEquals(
          expected.values().stream().mapToInt(Map::size).sum(),
          shopState(node).pendingDispatches().size());
      assertTrue(supplierState(node, BY_INVITE).openOrders().isEmpty(), "nothing forwarded yet");
    }

    // The next router is not asked anything about the shop: it must come back by itself and
    // deliver what it owes. Redelivery is frequent, so duplicates do reach the suppliers.
    config.put("daifa.entities.redelivery-interval", "100ms");
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      for (String supplier : List.of(BY_INVITE, BY_APPLICATION)) {
        eventually(
            "every dispatch reaches " + supplier,
            check(() -> heldBy(supplierState(node, supplier)).equals(expected.get(supplier))));
      }
      eventually(
          "every dispatch acknowledged",
          check(() -> shopState(node).pendingDispatches().isEmpty()));
      for (String supplier : List.of(BY_INVITE, BY_APPLICATION)) {
        assertEachDispatchOnce(node, supplier, expected.get(supplier).size());
      }
    }
  }

  /**
   * A stream of orders through the ingest stage (the per-shop batcher) with the router stopped in
   * the middle: orders in flight at the stop are unanswered, so the client sends the whole stream
   * again to the next router. Every order must then be stored exactly once, answered with the same
   * receipt as before the stop, and dispatched exactly once.
   */
  @Test
  void shouldLoseAndDuplicateNothingWhenTheRouterStopsMidStream() throws Exception {
    Map<String, Object> config = TestCassandra.freshKeyspace("midstream");
    List<Order> orders = orders("m-", 2_000, 11);
    Map<String, Map<String, TreeSet<String>>> expected = expectedDispatches(orders);
    Map<String, OrderReceipt> answeredBefore = new java.util.concurrent.ConcurrentHashMap<>();
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      registerAll(node);
      bindByInvite(node, BY_INVITE);
      bindByInvite(node, BY_APPLICATION);
      setRoutes(node);
      java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(256);
      for (Order order : orders) {
        inFlight.acquire();
        node.entities()
            .ingest(order, Duration.ofSeconds(10), true)
            .whenComplete(
                (outcome, failure) -> {
                  if (outcome instanceof Outcome.Done<OrderReceipt> done) {
                    answeredBefore.put(order.orderId(), done.value());
                  }
                  inFlight.release();
                });
        if (answeredBefore.size() >= orders.size() / 2) {
          break; // stop the router with the rest of the stream unsent and some in flight
        }
      }
    }
    assertTrue(answeredBefore.size() < orders.size(), "the stop came mid-stream");

    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      List<java.util.concurrent.CompletableFuture<Outcome<OrderReceipt>>> resent =
          new ArrayList<>();
      java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(256);
      for (Order order : orders) {
        inFlight.acquire();
        java.util.concurrent.CompletableFuture<Outcome<OrderReceipt>> answer =
            node.entities().ingest(order, Duration.ofSeconds(30), true).toCompletableFuture();
        answer.whenComplete((outcome, failure) -> inFlight.release());
        resent.add(answer);
      }
      for (int i = 0; i < orders.size(); i++) {
        Outcome<OrderReceipt> outcome = resent.get(i).get();
        // As a client does: a 503 (the shop still recovering) is sent again; IDs are idempotent.
        Instant deadline = Instant.now().plus(PATIENCE);
        while (outcome instanceof Outcome.Refused<OrderReceipt> refused
            && refused.rejection().code() == ErrorCode.UNAVAILABLE
            && Instant.now().isBefore(deadline)) {
          outcome =
              node.entities()
                  .ingest(orders.get(i), Duration.ofSeconds(30), true)
                  .toCompletableFuture()
                  .get();
        }
        assertInstanceOf(Outcome.Done.class, outcome, orders.get(i).orderId() + ": " + outcome);
        OrderReceipt before = answeredBefore.get(orders.get(i).orderId());
        if (before != null) {
          assertEquals(before, ((Outcome.Done<OrderReceipt>) outcome).value(), "same receipt");
        }
      }
      // The journal's queries see a shop's events once its intake log copied them (every 2 s).
      eventually(
          "every order in the shop's journal",
          check(() -> routedInJournal(node).size() >= orders.size()));
      Map<String, Integer> routed = routedInJournal(node);
      assertEquals(orders.size(), routed.size(), "every order stored");
      assertTrue(routed.values().stream().allMatch(c -> c == 1), "an order stored twice");
      for (String supplier : List.of(BY_INVITE, BY_APPLICATION)) {
        eventually(
            "every dispatch reaches " + supplier,
            check(() -> heldBy(supplierState(node, supplier)).equals(expected.get(supplier))));
        assertEachDispatchOnce(node, supplier, expected.get(supplier).size());
      }
    }
  }

  /** How often each order was stored in the shop's journal. */
  private static Map<String, Integer> routedInJournal(DaifaNode node) throws Exception {
    CassandraReadJournal journal =
        PersistenceQuery.get(node.system())
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    Map<String, Integer> counts = new HashMap<>();
    for (EventEnvelope envelope :
        journal
            .currentEventsByPersistenceId("Shop|" + SHOP, 0, Long.MAX_VALUE)
            .runWith(Sink.seq(), node.system())
            .toCompletableFuture()
            .get()) {
      for (var routed : io.daifa.shop.ShopEvent.routedOrders(envelope.event())) {
        counts.merge(routed.order().orderId(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
