package io.daifa.shop;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.Ack;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.market.Listing;
import io.daifa.market.ProductId;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ModeChange;
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

/** A shop's market picks and its monthly GMV (SPEC §3, §9). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopMarketTest {

  private static final String SHOP = "shp_1";
  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private Outbox<SupplierCommand> outbox;
  private EventSourcedBehaviorTestKit<ShopCommand, ShopEvent, ShopState> shop;

  @BeforeEach
  void setUp() {
    outbox = new Outbox<>();
    shop =
        ShopUnderTest.create(
            testKit.system(), SHOP, EntityTestSupport.settings(), new TestClock(T0), outbox);
    shop.clear();
    shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.Register("Tea House", r));
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private static Listing listing(String supplier, String spu, boolean delisted) {
    return new Listing(
        ProductId.of(supplier, spu),
        supplier,
        spu,
        "龙井茶",
        "food",
        Fen.of(19_800),
        BasisPoints.of(1_000),
        "SUPPLIER",
        true,
        List.of(),
        delisted,
        T0,
        T0);
  }

  private Outcome<MarketPick> pick(Listing listing) {
    return shop.<Outcome<MarketPick>>runCommand(r -> new ShopCommand.PickProduct(listing, r))
        .reply();
  }

  private ShopStats stats() {
    Outcome<ShopStats> stats =
        shop.<Outcome<ShopStats>>runCommand(r -> new ShopCommand.GetStats("2026-11", r)).reply();
    assertInstanceOf(Outcome.Done.class, stats);
    return ((Outcome.Done<ShopStats>) stats).value();
  }

  private static ErrorCode refused(Outcome<?> outcome) {
    return assertInstanceOf(Outcome.Refused.class, outcome).rejection().code();
  }

  @Test
  void shouldBindRouteAndListAPickedProductInOneEvent() {
    Listing tea = listing("sup_a", "tea", false);
    var picked = shop.<Outcome<MarketPick>>runCommand(r -> new ShopCommand.PickProduct(tea, r));
    ShopEvent.ProductPicked event =
        assertInstanceOf(ShopEvent.ProductPicked.class, picked.events().get(0));
    assertEquals(1, picked.events().size());
    assertTrue(event.binds(), "not bound before: the listing was the supplier's consent");
    ShopState state = picked.state();
    assertEquals(BindingVia.MARKET_PICK, state.bindings().get("sup_a").via());
    assertEquals(AllocationMode.BY_PRODUCT, state.allocation().mode());
    assertEquals(java.util.Set.of("tea"), state.allocation().productRoutes().keySet());
    assertEquals("sup_a", state.allocation().productSupplier("tea"));
    assertEquals(tea.productId(), ((Outcome.Done<MarketPick>) picked.reply()).value().productId());
    assertEquals(1_980, state.picks().get(tea.productId()).commissionPerUnit().value());

    // Picking it again changes nothing; an order of the SPU now goes to the supplier.
    assertTrue(
        shop.<Outcome<MarketPick>>runCommand(r -> new ShopCommand.PickProduct(tea, r))
            .hasNoEvents());
    var routed =
        shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(order("o-1", SHOP, "tea", "other")), r));
    assertEquals(
        "sup_a", routed.state().pendingDispatches().values().iterator().next().supplierId());
    // The picked product's line carries the pick's commission rate; the other line none.
    ShopEvent.OrdersRouted batch = (ShopEvent.OrdersRouted) routed.events().get(0);
    assertEquals(Map.of("1", 1_000), batch.orders().get(0).commissionRates());

    // Removing the pick removes the route; the binding stays.
    var removed =
        shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.UnpickProduct(tea.productId(), r));
    assertEquals(Map.of(), removed.state().allocation().productRoutes());
    assertTrue(removed.state().picks().isEmpty());
    assertTrue(removed.state().bindings().containsKey("sup_a"));
    shop.restart();
    assertTrue(shop.getState().picks().isEmpty());
    assertEquals(Map.of(), shop.getState().allocation().productRoutes());
  }

  @Test
  void shouldRefuseAPickIntoAWholeShopModeADelistedProductAndAnSpuRoutedElsewhere() {
    shop.runCommand(new ShopCommand.ConfirmBindingApproval("sup_w", "req-w", "n-w"));
    assertInstanceOf(
        Outcome.Done.class,
        shop.<Outcome<ModeChange>>runCommand(
                r ->
                    new ShopCommand.SetMode(
                        AllocationMode.WHOLE_SHOP, "sup_w", List.of(), false, r))
            .reply());
    Outcome<MarketPick> conflict = pick(listing("sup_a", "tea", false));
    assertEquals(ErrorCode.MODE_CONFLICT, refused(conflict));
    assertTrue(
        ((Outcome.Refused<MarketPick>) conflict).rejection().detail().contains("WHOLE_SHOP"));

    shop.<Outcome<ModeChange>>runCommand(
        r -> new ShopCommand.SetMode(AllocationMode.BY_PRODUCT, null, List.of(), false, r));
    assertEquals(ErrorCode.PRODUCT_DELISTED, refused(pick(listing("sup_a", "tea", true))));
    shop.<Outcome<Ack>>runCommand(
        r -> new ShopCommand.SetProductRoute("tea", null, "sup_w", List.of(), r));
    assertEquals(ErrorCode.ROUTE_CONFLICT, refused(pick(listing("sup_a", "tea", false))));
    assertTrue(shop.getState().picks().isEmpty());
    assertFalse(shop.getState().bindings().containsKey("sup_a"), "nothing bound by a refusal");
  }

  @Test
  void shouldCarryTheNewRateAfterTheSupplierChangedItAndAcknowledgeEveryNotice() {
    Listing tea = listing("sup_a", "tea", false);
    pick(tea);
    outbox.drain();
    var changed =
        shop.runCommand(
            new ShopCommand.ChangePickCommission("sup_a", "n7", tea.productId(), 1_500, T0));
    assertEquals(1, changed.events().size());
    assertEquals(1_500, shop.getState().picks().get(tea.productId()).commissionRateBp().value());
    assertTrue(
        shop.runCommand(
                new ShopCommand.ChangePickCommission("sup_a", "n7", tea.productId(), 1_500, T0))
            .hasNoEvents(),
        "a redelivered notice changes nothing");
    assertTrue(
        shop.runCommand(new ShopCommand.ChangePickCommission("sup_a", "n8", "prd_a.gone", 100, T0))
            .hasNoEvents(),
        "a product the shop does not have");
    assertEquals(
        List.of("n7", "n7", "n8"),
        outbox.drain().stream()
            .map(s -> ((SupplierCommand.NoticeAcknowledged) s.command()).noticeId())
            .toList(),
        "every notice acknowledged");
    var routed =
        shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(order("o-2", SHOP, "tea")), r));
    ShopEvent.OrdersRouted batch = (ShopEvent.OrdersRouted) routed.events().get(0);
    assertEquals(Map.of("1", 1_500), batch.orders().get(0).commissionRates());
    shop.restart();
    assertEquals(1_500, shop.getState().picks().get(tea.productId()).commissionRateBp().value());
  }

  @Test
  void shouldSplitAnOrderOfTwoPickedProductsWithEachLineAtItsOwnRate() {
    pick(listing("sup_a", "tea", false));
    Listing cup = listing("sup_b", "cup", false);
    pick(cup.withTerms(cup.price(), BasisPoints.of(2_500), true, T0));
    var routed =
        shop.<ShopCommand.IngestResult>runCommand(
            r -> new ShopCommand.IngestOrders(1, List.of(order("o-3", SHOP, "tea", "cup")), r));
    RoutedOrder order = ((ShopEvent.OrdersRouted) routed.events().get(0)).orders().get(0);
    assertEquals(2, order.dispatches().size(), "one dropship order per supplier");
    assertEquals(Map.of("1", 1_000, "2", 2_500), order.commissionRates());
  }

  @Test
  void shouldDropThePicksOfASupplierTheShopUnbinds() {
    pick(listing("sup_a", "tea", false));
    pick(listing("sup_b", "cup", false));
    shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.Unbind("sup_a", r));
    assertEquals(
        List.of(ProductId.of("sup_b", "cup")), List.copyOf(shop.getState().picks().keySet()));
  }

  @Test
  void shouldCountGmvOncePerLineAndMoveItWithTheLine() {
    shop.runCommand(new ShopCommand.ConfirmBindingApproval("sup_a", "req-a", "n-a"));
    shop.runCommand(new ShopCommand.ConfirmBindingApproval("sup_b", "req-b", "n-b"));
    shop.<Outcome<Ack>>runCommand(
        r -> new ShopCommand.SetProductRoute("spu-1", null, "sup_a", List.of(), r));
    shop.<ShopCommand.IngestResult>runCommand(
        r ->
            new ShopCommand.IngestOrders(
                1,
                List.of(order("o-1", SHOP, "spu-1", "spu-2"), order("o-1", SHOP, "spu-1", "spu-2")),
                r));
    ShopStats stats = stats();
    assertEquals(2 * 19_800, stats.gmv(), "the resent order counted once");
    assertEquals(Map.of("sup_a", 19_800L), stats.bySupplier());
    assertEquals(19_800, stats.unallocated());

    // The queued line assigned by hand moves to sup_b; the total stays.
    shop.<Outcome<Ack>>runCommand(r -> new ShopCommand.AssignLine("o-1", "2", "sup_b", r));
    // sup_a sends its line back: it leaves sup_a's share and waits unallocated again.
    shop.runCommand(
        new ShopCommand.ReturnLines(
            "sup_a",
            "n-r1",
            "o-1",
            null,
            io.daifa.order.TestOrders.PAID_AT,
            List.of(io.daifa.order.TestOrders.line("1", "spu-1")),
            null));
    ShopStats after = stats();
    assertEquals(2 * 19_800, after.gmv());
    assertEquals(Map.of("sup_b", 19_800L), after.bySupplier());
    assertEquals(19_800, after.unallocated());
    shop.restart();
    assertEquals(after, stats());
  }
}
