package io.daifa.supplier;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.app.RecordingPorts;
import io.daifa.common.Ack;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.market.Listing;
import io.daifa.market.ListingChange;
import io.daifa.market.ListingDraft;
import io.daifa.market.ProductId;
import io.daifa.market.SalesTally;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.shop.ShopCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A supplier's listings, its 30-day sales and its monthly figures (SPEC §9). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupplierMarketTest {

  private static final String SUPPLIER = "sup_a";
  private static final String SHOP = "shp_1";
  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private TestClock clock;
  private Outbox<ShopCommand> outbox;
  private EventSourcedBehaviorTestKit<SupplierCommand, SupplierEvent, SupplierState> supplier;

  @BeforeEach
  void setUp() {
    clock = new TestClock(T0);
    outbox = new Outbox<>();
    supplier =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            SupplierEntity.create(
                SUPPLIER,
                new SupplierWiring(
                    EntityTestSupport.settings(), clock, RecordingPorts.shops(outbox))));
    supplier.clear();
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private void register(SupplierIdentity identity) {
    supplier.<Outcome<Ack>>runCommand(r -> new SupplierCommand.Register("Co", identity, r));
  }

  private static ListingDraft draft(String spu, long price, int rateBp) {
    return new ListingDraft(
        spu, "纯棉T恤", "apparel", Fen.of(price), BasisPoints.of(rateBp), "SUPPLIER", true, List.of());
  }

  private Outcome<Listing> listing(Function<ActorRef<Outcome<Listing>>, SupplierCommand> command) {
    return supplier.<Outcome<Listing>>runCommand(command::apply).reply();
  }

  private Outcome<SupplierStats> stats(String month) {
    return supplier
        .<Outcome<SupplierStats>>runCommand(r -> new SupplierCommand.GetStats(month, r))
        .reply();
  }

  @SuppressWarnings("unchecked")
  private static <T> T done(Outcome<T> outcome) {
    return ((Outcome.Done<T>) assertInstanceOf(Outcome.Done.class, outcome, outcome.toString()))
        .value();
  }

  private static ErrorCode refused(Outcome<?> outcome) {
    return assertInstanceOf(Outcome.Refused.class, outcome).rejection().code();
  }

  private void deliver(String dispatchId, Order order) {
    supplier.runCommand(
        new SupplierCommand.ReceiveDispatches(
            SHOP,
            List.of(
                new DropshipDispatch(
                    dispatchId,
                    SHOP,
                    SUPPLIER,
                    order.orderId(),
                    null,
                    order.paidAt(),
                    order.lines())),
            null));
  }

  @Test
  void shouldListChangeAndDelistAProductAndTreatARetryAsTheSame() {
    register(SupplierIdentity.SUPPLIER);
    var listed =
        supplier.<Outcome<Listing>>runCommand(
            r -> new SupplierCommand.ListProduct(draft("spu-1", 9_900, 1_000), r));
    Listing listing = done(listed.reply());
    assertEquals(ProductId.of(SUPPLIER, "spu-1"), listing.productId());
    assertEquals(List.of(new SupplierEvent.ListingChanged(SUPPLIER, listing, T0)), listed.events());
    var again =
        supplier.<Outcome<Listing>>runCommand(
            r -> new SupplierCommand.ListProduct(draft("spu-1", 9_900, 1_000), r));
    assertEquals(List.of(), again.events(), "a retried listing writes nothing");
    assertEquals(listing, done(again.reply()));
    assertEquals(
        ErrorCode.ALREADY_EXISTS,
        refused(listing(r -> new SupplierCommand.ListProduct(draft("spu-1", 8_800, 1_000), r))));

    clock.advance(Duration.ofMinutes(1));
    Listing cheaper =
        done(
            listing(
                r ->
                    new SupplierCommand.UpdateListing(
                        "spu-1", new ListingChange(null, BasisPoints.of(1_500), false), r)));
    assertEquals(1_500, cheaper.commissionRateBp().value());
    assertEquals(9_900, cheaper.price().value(), "an absent field is kept");
    assertTrue(!cheaper.inStock() && cheaper.updatedAt().isAfter(listing.updatedAt()));

    Listing delisted = done(listing(r -> new SupplierCommand.DelistProduct("spu-1", r)));
    assertTrue(delisted.delisted());
    assertEquals(
        List.of(),
        supplier
            .<Outcome<Listing>>runCommand(r -> new SupplierCommand.DelistProduct("spu-1", r))
            .events());
    assertEquals(
        ErrorCode.NOT_FOUND,
        refused(
            listing(
                r ->
                    new SupplierCommand.UpdateListing(
                        "spu-1", new ListingChange(Fen.of(1), null, null), r))));
    Outcome<Listing> held = listing(r -> new SupplierCommand.GetListing("spu-1", r));
    assertTrue(done(held).delisted());
    assertEquals(
        ErrorCode.NOT_FOUND, refused(listing(r -> new SupplierCommand.GetListing("spu-9", r))));
    Listing relisted =
        done(listing(r -> new SupplierCommand.ListProduct(draft("spu-1", 7_700, 0), r)));
    assertTrue(!relisted.delisted() && relisted.price().value() == 7_700, "listed again");

    supplier.restart();
    assertEquals(relisted, supplier.getState().market().listings().get("spu-1"));
  }

  @Test
  void shouldTellTheShopsThatPickedAProductOfItsNewCommissionRateOnly() {
    register(SupplierIdentity.SUPPLIER);
    listing(r -> new SupplierCommand.ListProduct(draft("spu-1", 9_900, 1_000), r));
    var first =
        supplier.<Outcome<Listing>>runCommand(
            r -> new SupplierCommand.RecordPick("spu-1", "shp_1", r));
    assertEquals(1, first.events().size());
    assertEquals(
        List.of(),
        supplier
            .<Outcome<Listing>>runCommand(r -> new SupplierCommand.RecordPick("spu-1", "shp_1", r))
            .events(),
        "a shop is remembered once");
    listing(r -> new SupplierCommand.RecordPick("spu-1", "shp_2", r));
    outbox.drain();

    listing(
        r ->
            new SupplierCommand.UpdateListing(
                "spu-1", new ListingChange(Fen.of(8_800), null, null), r));
    assertTrue(outbox.drain().isEmpty(), "a new price is not the shops' business");
    clock.advance(Duration.ofMinutes(1));
    listing(
        r ->
            new SupplierCommand.UpdateListing(
                "spu-1", new ListingChange(null, BasisPoints.of(1_500), null), r));
    var sent = outbox.drain();
    assertEquals(List.of("shp_1", "shp_2"), sent.stream().map(s -> s.to()).sorted().toList());
    ShopCommand.ChangePickCommission change =
        assertInstanceOf(ShopCommand.ChangePickCommission.class, sent.get(0).command());
    assertEquals(ProductId.of(SUPPLIER, "spu-1"), change.productId());
    assertEquals(1_500, change.commissionRateBp());
    assertEquals(2, supplier.getState().pendingNotices().size(), "until the shops acknowledge");
    supplier.runCommand(new SupplierCommand.NoticeAcknowledged(change.noticeId()));
    assertEquals(1, supplier.getState().pendingNotices().size());
  }

  @Test
  void shouldRefuseListingsFromAShopMerchantsId() {
    register(SupplierIdentity.SHOP_MERCHANT);
    assertEquals(
        ErrorCode.INVALID_SUPPLIER_ID,
        refused(listing(r -> new SupplierCommand.ListProduct(draft("spu-1", 100, 0), r))));
  }

  @Test
  void shouldCountSalesOfListedProductsAndPublishThemOnlyWhenTheyChange() {
    register(SupplierIdentity.SUPPLIER);
    listing(r -> new SupplierCommand.ListProduct(draft("spu-1", 19_800, 1_000), r));
    deliver("d1", order("o-1", SHOP, "spu-1", "spu-2"));
    deliver("d2", order("o-2", SHOP, "spu-1"));
    deliver("d2", order("o-2", SHOP, "spu-1")); // redelivered: counted once

    var tally = supplier.runCommand(SupplierCommand.TallySales.INSTANCE);
    assertEquals(1, tally.events().size());
    SupplierEvent.SalesTallied tallied =
        assertInstanceOf(SupplierEvent.SalesTallied.class, tally.events().get(0));
    assertEquals(Map.of("spu-1", 2L), tallied.unitsBySpu(), "only listed SPUs, once per line");
    assertEquals(
        2, tallied.daysBySpu().get("spu-1").within(SalesTally.dayOf(T0)), "with its day slots");
    assertEquals(
        List.of(), supplier.runCommand(SupplierCommand.TallySales.INSTANCE).events(), "unchanged");

    // Thirty days later the sales have left the window: the new figure is published.
    clock.advance(Duration.ofDays(31));
    var later = supplier.runCommand(SupplierCommand.TallySales.INSTANCE);
    assertEquals(
        Map.of("spu-1", 0L), ((SupplierEvent.SalesTallied) later.events().get(0)).unitsBySpu());
  }

  @Test
  void shouldKeepMonthlyGmvAndUnitsAndTakeOffWhatItRejected() {
    register(SupplierIdentity.SUPPLIER);
    deliver("d1", order("o-1", SHOP, "spu-1", "spu-2"));
    deliver("d2", order("o-2", SHOP, "spu-1"));
    supplier.<Outcome<Ack>>runCommand(
        r -> new SupplierCommand.RejectOrder(SHOP, "o-2", "no stock", r));

    SupplierStats stats = done(stats("2026-11"));
    assertEquals(2 * 19_800, stats.gmv(), "o-1's two lines; o-2 was rejected");
    assertEquals(2, stats.units());
    assertEquals(
        Map.of(
            "spu-1", new SupplierStats.Product(19_800, 1),
            "spu-2", new SupplierStats.Product(19_800, 1)),
        stats.products());
    assertEquals(0, done(stats("2026-10")).gmv());
  }
}
