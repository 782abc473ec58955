package io.daifa.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.Ack;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ManualReason;
import io.daifa.routing.ModeChange;
import io.daifa.routing.RouteDecision;
import io.daifa.routing.RuleKind;
import io.daifa.shop.ShopEvent.LinesReturned;
import io.daifa.supplier.SupplierCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shop with SKU rules and backups (issue 15): the decisions its batches record, and a rejected
 * line moving down its rule's backups, exactly once, across a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopRoutingRulesTest {

  private static final String SHOP = "shp_1";
  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final Instant PAID = Instant.parse("2026-11-10T16:00:01Z");

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
    shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.Register("Tea House", r));
    for (String supplier : List.of("sup_a", "sup_b", "sup_c")) {
      shop.runCommand(
          new ShopCommand.ConfirmBindingApproval(supplier, "req-" + supplier, "n-" + supplier));
    }
    outbox.drain();
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private static OrderLine line(String lineId, String spuId, String skuId) {
    return new OrderLine(
        lineId, spuId, skuId, 1, Fen.of(10_000), Fen.ZERO, Fen.ZERO, Fen.ZERO, BasisPoints.of(500));
  }

  /** Order o-1 of the shop with these lines. */
  private static Order order(OrderLine... lines) {
    return new Order("o-1", SHOP, "buyer-1", null, PAID, List.of(lines));
  }

  private Outcome<Ack> rule(String spuId, String skuId, String supplierId, List<String> backups) {
    return shop.<Outcome<Ack>>runCommand(
            r -> new ShopCommand.SetProductRoute(spuId, skuId, supplierId, backups, r))
        .reply();
  }

  private List<RoutedOrder> ingest(Order order) {
    var result =
        shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(order), r));
    return ((ShopEvent.OrdersRouted) result.events().get(0)).orders();
  }

  private LinesReturned reject(String supplierId, String noticeId, List<OrderLine> lines) {
    clock.advance(java.time.Duration.ofSeconds(1));
    var returned =
        shop.runCommand(
            new ShopCommand.ReturnLines(supplierId, noticeId, "o-1", null, PAID, lines, null));
    return (LinesReturned) returned.events().get(0);
  }

  private Map<String, Long> gmvBySupplier() {
    Outcome<ShopStats> stats =
        shop.<Outcome<ShopStats>>runCommand(r -> new ShopCommand.GetStats("2026-11", r)).reply();
    return ((ShopStats) assertInstanceOf(Outcome.Done.class, stats).value()).bySupplier();
  }

  @Test
  void eachRoutedLineRecordsTheRuleThatSentIt() {
    assertEquals(Outcome.done(Ack.INSTANCE), rule("tee", null, "sup_a", List.of()));
    Instant spuSet = shop.getState().lastAt();
    clock.advance(java.time.Duration.ofMinutes(5));
    assertEquals(Outcome.done(Ack.INSTANCE), rule("tee", "tee-xl", "sup_b", List.of()));
    Instant skuSet = shop.getState().lastAt();

    Order order =
        order(line("1", "tee", "tee-m"), line("2", "tee", "tee-xl"), line("3", "mug", "m"));
    RoutedOrder routed = ingest(order).get(0);
    assertEquals(
        Map.of(
            "1", new RouteDecision(RuleKind.SPU, spuSet),
            "2", new RouteDecision(RuleKind.SKU, skuSet)),
        routed.decisionsByLine());
    assertEquals(ManualReason.NO_RULE_FOR_SPU, routed.queued().get(0).reason());
  }

  @Test
  void skuRulesAreRefusedInWholeShopModeAndBackupsMustBeBound() {
    shop.<Outcome<ModeChange>>runCommand(
        r -> new ShopCommand.SetMode(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), false, r));
    Outcome<Ack> sku = rule("tee", "tee-xl", "sup_b", List.of());
    assertEquals(
        ErrorCode.MODE_CONFLICT, assertInstanceOf(Outcome.Refused.class, sku).rejection().code());

    Outcome<ModeChange> unboundBackup =
        shop.<Outcome<ModeChange>>runCommand(
                r ->
                    new ShopCommand.SetMode(
                        AllocationMode.WHOLE_SHOP, "sup_a", List.of("sup_z"), false, r))
            .reply();
    assertEquals(
        ErrorCode.NOT_BOUND,
        assertInstanceOf(Outcome.Refused.class, unboundBackup).rejection().code());
    var repeated =
        assertInstanceOf(
            Outcome.Refused.class,
            shop.<Outcome<ModeChange>>runCommand(
                    r ->
                        new ShopCommand.SetMode(
                            AllocationMode.BY_PRODUCT, null, List.of("sup_b"), false, r))
                .reply());
    assertEquals("backups", repeated.rejection().field());
  }

  @Test
  void aRejectedLineMovesDownItsBackupsThenToTheManualQueue() {
    rule("tee", null, "sup_a", List.of("sup_b", "sup_c"));
    Order order = order(line("1", "tee", "tee-m"), line("2", "tee", "tee-l"));
    ingest(order);
    outbox.drain();
    assertEquals(Map.of("sup_a", 20_000L), gmvBySupplier());

    // sup_a rejects line 1: it goes to sup_b, its first backup, as a new dispatch.
    LinesReturned first = reject("sup_a", "n1", List.of(order.lines().get(0)));
    assertEquals(List.of(), first.lines());
    DropshipDispatch toB = first.rerouted().get(0);
    assertEquals("sup_b", toB.supplierId());
    assertEquals("d2", toB.dispatchId(), "the shop's dispatch sequence goes on");
    assertEquals(List.of(order.lines().get(0)), toB.lines());
    assertEquals(
        List.of(
            new EntityTestSupport.Sent<>(
                "sup_b",
                new SupplierCommand.ReceiveDispatches(
                    SHOP, List.of(toB), shop.getState().lastAt())),
            new EntityTestSupport.Sent<>("sup_a", new SupplierCommand.NoticeAcknowledged("n1"))),
        outbox.drain());
    assertEquals(Map.of("sup_a", 10_000L, "sup_b", 10_000L), gmvBySupplier());

    // The same notice again changes nothing.
    assertTrue(
        shop.runCommand(
                new ShopCommand.ReturnLines(
                    "sup_a", "n1", "o-1", null, PAID, List.of(order.lines().get(0)), null))
            .hasNoEvents());
    outbox.drain();

    // sup_b rejects it too: on to sup_c; sup_c rejects it: the chain is exhausted.
    assertEquals(
        "sup_c", reject("sup_b", "n2", List.of(toB.lines().get(0))).rerouted().get(0).supplierId());
    LinesReturned last = reject("sup_c", "n3", List.of(order.lines().get(0)));
    assertEquals(List.of(), last.rerouted());
    assertEquals(ManualReason.REJECTED_BY_SUPPLIER, last.lines().get(0).reason());
    assertEquals(Map.of("sup_a", 10_000L), gmvBySupplier(), "line 1 is unallocated again");
    assertTrue(shop.getState().manualQueue().containsKey("o-1/1"));

    // Restarted, the shop has the same state, and still owes the backups' dispatches.
    ShopState before = shop.getState();
    outbox.drain();
    shop.restart();
    assertEquals(before, shop.getState());
    assertTrue(shop.getState().pendingDispatches().containsKey("d3"), "sup_c's dispatch");
  }

  /** Suppliers number their notices themselves: the same ID from two suppliers is two notices. */
  @Test
  void twoSuppliersNoticesWithTheSameIdAreBothApplied() {
    rule("tee", null, "sup_a", List.of());
    rule("mug", null, "sup_b", List.of());
    Order order = order(line("1", "tee", "tee-m"), line("2", "mug", "mug-1"));
    ingest(order);
    reject("sup_a", "n1", List.of(order.lines().get(0)));
    LinesReturned second = reject("sup_b", "n1", List.of(order.lines().get(1)));
    assertEquals("sup_b", second.supplierId());
    assertEquals(
        java.util.Set.of("o-1/1", "o-1/2"), shop.getState().manualQueue().keySet(), "both back");
  }

  /**
   * Lines withdrawn from a supplier after the rules changed are routed under the rules as they are
   * now, each with its new decision; one no rule sends anywhere waits with its reason.
   */
  @Test
  void withdrawnLinesAreRoutedUnderTheRulesAsTheyAreNow() {
    rule("tee", null, "sup_a", List.of());
    rule("mug", null, "sup_a", List.of());
    Order order = order(line("1", "tee", "tee-m"), line("2", "mug", "mug-1"));
    ingest(order);
    rule("tee", null, "sup_b", List.of());
    shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.RemoveProductRoute("mug", r));
    Instant teeSet = shop.getState().allocation().productRoutes().get("tee").decision().setAt();
    outbox.drain();

    clock.advance(java.time.Duration.ofSeconds(1));
    var returned =
        shop.runCommand(
            new ShopCommand.ReturnLines(
                "sup_a", "n5", "o-1", null, PAID, order.lines(), clock.instant(), true));
    LinesReturned event = (LinesReturned) returned.events().get(0);
    assertTrue(event.withdrawn());
    DropshipDispatch toB = event.rerouted().get(0);
    assertEquals("sup_b", toB.supplierId());
    assertEquals(List.of(order.lines().get(0)), toB.lines());
    assertEquals(List.of(new RouteDecision(RuleKind.SPU, teeSet)), event.decisions());
    assertEquals(ManualReason.NO_RULE_FOR_SPU, event.lines().get(0).reason());
    assertEquals(Map.of("sup_b", 10_000L), gmvBySupplier(), "the mug is unallocated now");
    assertTrue(shop.getState().pendingDispatches().containsKey(toB.dispatchId()));
    assertTrue(
        shop.runCommand(
                new ShopCommand.ReturnLines(
                    "sup_a", "n5", "o-1", null, PAID, order.lines(), clock.instant(), true))
            .hasNoEvents(),
        "the notice again changes nothing");
  }
}
