package io.daifa.app;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.daifa.account.AccountEntity;
import io.daifa.account.AccountRole;
import io.daifa.agency.AgencyEntity;
import io.daifa.agency.AgencyEvent;
import io.daifa.agency.AgencyState;
import io.daifa.agency.BatchTally;
import io.daifa.agency.IncentiveLines;
import io.daifa.agency.IncentiveOutcome;
import io.daifa.agency.RiskFlag;
import io.daifa.agency.RiskKind;
import io.daifa.agency.Standing;
import io.daifa.common.Ack;
import io.daifa.common.CborSerializable;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.market.Listing;
import io.daifa.market.ListingChange;
import io.daifa.market.ListingDraft;
import io.daifa.market.ListingSku;
import io.daifa.market.ProductId;
import io.daifa.market.SalesTally;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.Order;
import io.daifa.order.OrderStatus;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.DepositPolicyEntity;
import io.daifa.policy.DepositTier;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ManualReason;
import io.daifa.routing.ModeChange;
import io.daifa.routing.RouteDecision;
import io.daifa.routing.RuleKind;
import io.daifa.settlement.Checkpoint;
import io.daifa.settlement.LineDecision;
import io.daifa.settlement.SettlementDriver;
import io.daifa.settlement.SettlementEntity;
import io.daifa.settlement.SettlementEvent;
import io.daifa.settlement.SettlementPage;
import io.daifa.settlement.SettlementState;
import io.daifa.settlement.SettlementTotals;
import io.daifa.shop.BindingVia;
import io.daifa.shop.MarketPick;
import io.daifa.shop.OrderReceipt;
import io.daifa.shop.QueuedLine;
import io.daifa.shop.ReadSidePort;
import io.daifa.shop.RoutedOrder;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopEvent;
import io.daifa.shop.ShopState;
import io.daifa.shop.ShopStats;
import io.daifa.shop.ShopView;
import io.daifa.supplier.BindingRequest;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierEvent;
import io.daifa.supplier.SupplierIdentity;
import io.daifa.supplier.SupplierState;
import io.daifa.supplier.SupplierStats;
import io.daifa.webhook.WebhookEndpoint;
import io.daifa.wire.SupplierStateSerializer;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every command, event, reply and state survives serialization unchanged. The samples are checked
 * against the sealed hierarchies, so a new message without a sample fails this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SerializationRoundTripTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private final SerializationTestKit serialization = new SerializationTestKit(testKit.system());

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private <T> ActorRef<T> ref() {
    return testKit.<T>createTestProbe().ref();
  }

  /** The private messages of an entity (timer, idle, stop): its command hierarchy's enums. */
  private static Stream<Object> singletons(Class<?> commands) {
    return Arrays.stream(commands.getPermittedSubclasses())
        .filter(Class::isEnum)
        .map(e -> e.getEnumConstants()[0]);
  }

  private static List<Object> with(Stream<Object> more, Object... samples) {
    return Stream.concat(Arrays.stream(samples), more).toList();
  }

  private final Order order = order("o-1", "shp_1", "spu-1", "spu-2");

  /** The order the dispatch and the queued line below belong to. */
  private final Order promoted = new Order("o-1", "shp_1", "buyer-1", "agy_1", T0, order.lines());

  private final DropshipDispatch dispatch =
      new DropshipDispatch("d1", "shp_1", "sup_a", "o-1", "agy_1", T0, order.lines());
  private final QueuedLine queued =
      new QueuedLine("o-1", "agy_1", T0, order.lines().get(1), ManualReason.NO_RULE_FOR_SPU);

  private final Listing listing =
      new Listing(
          ProductId.of("sup_a", "spu-1"),
          "sup_a",
          "spu-1",
          "西湖龙井",
          "food",
          Fen.of(25_800),
          BasisPoints.of(1_000),
          "SUPPLIER",
          true,
          List.of(new ListingSku("spu-1-250g", Fen.of(25_800))),
          false,
          T0,
          T0);

  private final MarketPick pick =
      new MarketPick(
          listing.productId(), "sup_m", "spu-9", "Tea", Fen.of(100), BasisPoints.of(1_500), T0);

  private List<Object> shopCommands() {
    return with(
        singletons(ShopCommand.class),
        new ShopCommand.Register("Tea", ref()),
        new ShopCommand.CreateInvite(ref()),
        new ShopCommand.AcceptInvite("shp_1.tok", "sup_a", ref()),
        new ShopCommand.ConfirmBindingApproval("sup_a", "req_1", "n1"),
        new ShopCommand.Unbind("sup_a", ref()),
        new ShopCommand.SetMode(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), true, ref()),
        new ShopCommand.SetProductRoute("spu-1", null, "sup_a", List.of(), ref()),
        new ShopCommand.SetProductRoute("spu-1", "sku-2", "sup_a", List.of("sup_b"), ref()),
        new ShopCommand.RemoveSkuRoute("spu-1", "sku-2", ref()),
        new ShopCommand.RemoveProductRoute("spu-1", ref()),
        new ShopCommand.IngestOrders(1, List.of(order), ref()),
        new ShopCommand.AssignLine("o-1", "2", "sup_a", ref()),
        new ShopCommand.ReturnLines("sup_a", "n2", "o-1", "agy_1", T0, order.lines(), null),
        new ShopCommand.ReturnLines("sup_a", "n3", "o-1", "agy_1", T0, order.lines(), T0, true),
        new ShopCommand.RefundQueuedLines("o-1", List.of("2"), ref()),
        new ShopCommand.DispatchesAcknowledged(List.of("d1")),
        new ShopCommand.ReadSideProjected(7),
        new ShopCommand.ReadSideReadBack(new ReadSidePort.ReadBack(List.of(), 6, true), null),
        new ShopCommand.GetState(ref()),
        new ShopCommand.GetView(ref()),
        new ShopCommand.PickProduct(listing, ref()),
        new ShopCommand.UnpickProduct(listing.productId(), ref()),
        new ShopCommand.GetStats("2026-11", ref()),
        new ShopCommand.ChangePickCommission("sup_a", "n9", listing.productId(), 1_500, T0));
  }

  private List<Object> shopEvents() {
    return List.of(
        new ShopEvent.ShopRegistered("shp_1", "Tea", T0),
        new ShopEvent.InviteCreated("shp_1", "shp_1.tok", T0.plus(Duration.ofDays(7)), T0),
        new ShopEvent.SupplierBound("shp_1", "sup_a", BindingVia.APPLICATION, "req_1", "n1", T0),
        new ShopEvent.SupplierUnbound("shp_1", "sup_a", T0),
        new ShopEvent.AllocationModeChanged(
            "shp_1", AllocationMode.WHOLE_SHOP, "sup_a", T0, List.of()),
        new ShopEvent.ProductRouteSet("shp_1", "spu-1", "sup_a", T0, List.of()),
        new ShopEvent.ProductRouteRemoved("shp_1", "spu-1", T0),
        new ShopEvent.ProductRouteSet("shp_1", "spu-2", "sup_a", T0, List.of("sup_b", "sup_c")),
        new ShopEvent.SkuRouteSet("shp_1", "spu-1", "sku-2", "sup_b", List.of("sup_a"), T0),
        new ShopEvent.SkuRouteRemoved("shp_1", "spu-1", "sku-2", T0),
        new ShopEvent.OrdersRouted(
            "shp_1",
            List.of(
                new RoutedOrder(
                    promoted,
                    promoted.fingerprint(),
                    List.of(dispatch),
                    List.of(),
                    Map.of(),
                    Stream.concat(
                            Stream.of(new RouteDecision(RuleKind.SKU, T0.minusSeconds(3600))),
                            Stream.generate(() -> new RouteDecision(RuleKind.SPU, null)))
                        .limit(dispatch.lines().size())
                        .toList())),
            List.of(),
            T0.plusNanos(123_456_000)),
        new ShopEvent.OrdersRouted(
            "shp_1",
            List.of(
                new RoutedOrder(promoted, promoted.fingerprint(), List.of(dispatch), List.of()),
                new RoutedOrder(
                    promoted,
                    promoted.fingerprint(),
                    List.of(
                        new DropshipDispatch(
                            "d2",
                            "shp_1",
                            "sup_b",
                            "o-1",
                            "agy_1",
                            T0,
                            order.lines().subList(0, 1))),
                    List.of(queued),
                    Map.of("1", 1_000),
                    List.of())),
            List.of("d0"),
            T0.plusNanos(123_456_789)),
        new ShopEvent.OrderRouted(
            "shp_1", order, order.fingerprint(), List.of(dispatch), List.of(queued), T0),
        new ShopEvent.LineAssignmentRecorded("shp_1", "o-9", "1", "sup_a", T0),
        new ShopEvent.QueuedLineDispatched("shp_1", dispatch, T0),
        new ShopEvent.LinesReturned("shp_1", "n2", "sup_a", List.of(queued), T0, List.of()),
        new ShopEvent.LinesReturned("shp_1", "n3", "sup_b", List.of(), T0, List.of(dispatch)),
        new ShopEvent.LinesReturned(
            "shp_1",
            "n4",
            "sup_b",
            List.of(queued),
            T0,
            List.of(dispatch),
            Stream.generate(() -> new RouteDecision(RuleKind.SKU, T0))
                .limit(dispatch.lines().size())
                .toList(),
            true),
        new ShopEvent.QueuedLinesRefunded("shp_1", "o-1", List.of("2"), T0),
        new ShopEvent.DispatchesConfirmed("shp_1", List.of("d1"), T0),
        new ShopEvent.ProductPicked("shp_1", pick, true, T0),
        new ShopEvent.PickCommissionChanged("shp_1", "n9", pick.productId(), 1_200, T0),
        new ShopEvent.ProductUnpicked("shp_1", "prd_x.spu-8", "spu-8", false, T0));
  }

  private List<Object> supplierCommands() {
    return with(
        singletons(SupplierCommand.class),
        new SupplierCommand.Register("Co", SupplierIdentity.SUPPLIER, ref()),
        new SupplierCommand.RequestBinding("shp_1", ref()),
        new SupplierCommand.DecideBindingRequest("req_1", true, ref()),
        new SupplierCommand.AcceptInvite("shp_1.tok", ref()),
        new SupplierCommand.ReceiveDispatches("shp_1", List.of(dispatch), null),
        new SupplierCommand.AcceptOrder("shp_1", "o-1", ref()),
        new SupplierCommand.ShipOrder("shp_1", "o-1", "SF", "SF123", ref()),
        new SupplierCommand.RejectOrder("shp_1", "o-1", "no stock", ref()),
        new SupplierCommand.WithdrawLines("shp_1", "o-1", List.of("1"), ref()),
        new SupplierCommand.GetScorecard("2026-11", ref()),
        new SupplierCommand.SetWebhook("https://erp.example/hooks", "s3cret-s3cret-s3cret", ref()),
        new SupplierCommand.RemoveWebhook(ref()),
        new SupplierCommand.GetWebhook(ref()),
        new SupplierCommand.RedeliverWebhook(7, ref()),
        new SupplierCommand.ReportLogistics("shp_1", "o-1", LogisticsStatus.DELIVERED, T0, ref()),
        new SupplierCommand.ConfirmReceipt("shp_1", "o-1", T0, ref()),
        new SupplierCommand.RefundLines("shp_1", "o-1", List.of("1"), T0, ref()),
        new SupplierCommand.RefundForgottenLines(
            "shp_1", "o-1", List.of("1"), io.daifa.order.OrderStatus.REFUNDED, T0, ref()),
        new SupplierCommand.SetDispute("shp_1", "o-1", List.of("1"), true, ref()),
        new SupplierCommand.NoticeAcknowledged("n1"),
        new SupplierCommand.GetState(ref()),
        new SupplierCommand.GetBindingRequests(ref()),
        new SupplierCommand.ListProduct(
            new ListingDraft(
                "spu-1", "Tea", "food", Fen.of(1), BasisPoints.of(0), "JD", false, List.of()),
            ref()),
        new SupplierCommand.UpdateListing("spu-1", new ListingChange(Fen.of(2), null, true), ref()),
        new SupplierCommand.DelistProduct("spu-1", ref()),
        new SupplierCommand.GetListing("spu-1", ref()),
        new SupplierCommand.GetStats("2026-11", ref()),
        new SupplierCommand.RecordPick("spu-1", "shp_1", ref()));
  }

  private List<Object> supplierEvents() {
    return List.of(
        new SupplierEvent.SupplierRegistered("sup_a", "Co", SupplierIdentity.SUPPLIER, T0),
        new SupplierEvent.BindingRequestReceived("sup_a", "req_1", "shp_1", T0),
        new SupplierEvent.BindingRequestApproved("sup_a", "req_1", "shp_1", "n1", T0),
        new SupplierEvent.BindingRequestRejected("sup_a", "req_2", "shp_2", T0),
        new SupplierEvent.DispatchesReceived("sup_a", List.of(dispatch, dispatch), T0),
        new SupplierEvent.DispatchReceived("sup_a", dispatch, T0),
        new SupplierEvent.OrderAccepted(
            "sup_a", "shp_1", "o-1", List.of("1", "2"), OrderStatus.ACCEPTED, T0),
        new SupplierEvent.OrderShipped(
            "sup_a", "shp_1", "o-1", List.of("1", "2"), OrderStatus.SHIPPED, "SF", "SF123", T0),
        new SupplierEvent.LogisticsReported(
            "sup_a", "shp_1", "o-1", List.of("1", "2"), LogisticsStatus.IN_TRANSIT, T0, T0),
        // Removed before set, so that the rich state below keeps an endpoint to carry.
        new SupplierEvent.WebhookRemoved("sup_a", T0),
        new SupplierEvent.WebhookSet(
            "sup_a",
            new WebhookEndpoint("https://erp.example/hooks", "s3cret-s3cret-s3cret", T0),
            T0),
        new SupplierEvent.WebhookRedeliveryRequested("sup_a", 7, T0),
        new SupplierEvent.OrderRejected(
            "sup_a", "shp_1", "o-1", List.of("1"), OrderStatus.ACCEPTED, "no stock", "n2", T0),
        new SupplierEvent.LinesWithdrawn(
            "sup_a", "shp_1", "o-1", List.of("1"), OrderStatus.ACCEPTED, "n3", T0),
        new SupplierEvent.OrderReceived(
            "sup_a", "shp_1", "o-1", List.of("2"), OrderStatus.RECEIVED, T0, T0),
        new SupplierEvent.DisputeOpened(
            "sup_a", "shp_1", "o-1", List.of("2"), OrderStatus.DISPUTED, T0),
        new SupplierEvent.DisputeClosed(
            "sup_a", "shp_1", "o-1", Map.of("2", OrderStatus.RECEIVED), OrderStatus.RECEIVED, T0),
        new SupplierEvent.LinesRefunded(
            "sup_a", "shp_1", "o-1", List.of("2"), OrderStatus.REFUNDED, T0, T0),
        new SupplierEvent.NoticesConfirmed("sup_a", List.of("n1"), T0),
        new SupplierEvent.ListingChanged("sup_a", listing, T0),
        new SupplierEvent.ListingPicked("sup_a", "spu-1", "shp_1", T0),
        new SupplierEvent.ListingChanged(
            "sup_a", listing.withTerms(listing.price(), BasisPoints.of(1_500), true, T0), T0),
        new SupplierEvent.SalesTallied(
            "sup_a",
            Map.of("spu-1", 12L),
            Map.of("spu-1", SalesTally.EMPTY.plus(Map.of("spu-1", 12), 20_400).daysOf("spu-1")),
            T0));
  }

  private List<Object> accountMessages() {
    AccountEntity.Account account =
        new AccountEntity.Account("shp_a", AccountRole.SHOP, "Tea", null, T0);
    return List.of(
        new AccountEntity.Create(AccountRole.AGENCY, "Ag", "BUSINESS", "hash", ref()),
        new AccountEntity.Authenticate("hash", ref()),
        new AccountEntity.GetAccount(ref()),
        new AccountEntity.RotateKey("hash2", ref()),
        new AccountEntity.KeyRotated("shp_a", "hash2", T0),
        new AccountEntity.AccountCreated("shp_a", AccountRole.SHOP, "Tea", null, "hash", T0),
        new AccountEntity.State(account, "hash"),
        Outcome.done(account));
  }

  private List<Object> agencyMessages() {
    return List.of(
        new AgencyEntity.CreditGmv(
            List.of(
                new AgencyEntity.ShopBatch(
                    "shp_1",
                    2,
                    41,
                    List.of(
                        new AgencyEntity.PaidOrder(
                            "o-1", T0, List.of(new AgencyEntity.PaidLine("1", Fen.of(19_800))))))),
            ref()),
        new AgencyEntity.PayDeposit(Fen.ofYuan(20_000), "pay-1", ref()),
        new AgencyEntity.RecordViolation("fake orders", ref()),
        new AgencyEntity.ClearViolation("vio-1", ref()),
        new AgencyEntity.GetState(ref()),
        new AgencyEntity.GetView(ref()),
        new AgencyEntity.AccrueIncentives(
            "2026-10/RECEIVED/0//",
            YearMonth.of(2026, 11),
            depositPolicy(),
            Fen.ofYuan(5_000_000),
            Points.whole(500_000),
            List.of(due()),
            ref()),
        new AgencyEntity.ClawBack(
            "2026-11/CLAIMS/0//",
            YearMonth.of(2026, 12),
            List.of(
                new IncentiveLines.Claw(
                    "shp_1", "o-1", "1", "b-1", Fen.of(4_000), Points.of(400), true)),
            ref()),
        new AgencyEntity.ClearRiskFlag("flg-1", ref()),
        Outcome.done("vio-1"));
  }

  private List<Object> agencyEvents() {
    return List.of(
        new AgencyEvent.GmvCredited(
            "agy_1", "shp_1", "o-1", List.of("1", "2"), Fen.of(500), "2026-11", T0),
        new AgencyEvent.GmvBatchCredited(
            List.of(
                new AgencyEvent.GmvCredited(
                    "agy_1", "shp_1", "o-2", List.of("1"), Fen.of(300), "2026-11", T0),
                new AgencyEvent.GmvCredited(
                    "agy_1", "shp_2", "o-2", List.of("1", "2"), Fen.of(700), "2026-12", T0))),
        new AgencyEvent.GmvTallied(
            List.of(
                new BatchTally(
                    "shp_1", 2, 41, Map.of("2026-11", Fen.of(19_800), "2026-12", Fen.of(7))),
                new BatchTally("shp_2", 0, 3, Map.of("2026-11", Fen.of(500)))),
            T0),
        new AgencyEvent.DepositPaid("agy_1", Fen.ofYuan(20_000), T0, "pay-1"),
        new AgencyEvent.ViolationRecorded("agy_1", "vio-1", "fake orders", T0),
        new AgencyEvent.ViolationCleared("agy_1", "vio-1", T0),
        new AgencyEvent.IncentivesAccrued(
            "agy_1",
            "2026-10/RECEIVED/0//",
            "2026-Q4",
            Standing.DEPOSIT_COVERED,
            List.of(
                new IncentiveLines.Grant(
                    "shp_1",
                    "o-1",
                    "1",
                    IncentiveOutcome.ACCRUED,
                    Fen.of(4_000),
                    Points.of(400),
                    null),
                new IncentiveLines.Grant(
                    "shp_1", "o-2", "1", IncentiveOutcome.HELD, Fen.ZERO, Points.ZERO, "flg-1")),
            List.of(
                new RiskFlag("flg-1", RiskKind.BUYER_BURST, "shp_1", "o-2", "1", "b-1", T0, null)),
            T0),
        new AgencyEvent.IncentivesClawedBack(
            "agy_1",
            "2026-11/CLAIMS/0//",
            "2026-Q4",
            List.of(
                new IncentiveLines.Claw(
                    "shp_1", "o-1", "1", "b-1", Fen.of(4_000), Points.of(400), true)),
            List.of(
                new RiskFlag(
                    "flg-2",
                    RiskKind.REFUND_AFTER_SETTLEMENT,
                    "shp_1",
                    "o-1",
                    "1",
                    "b-1",
                    T0,
                    null)),
            T0),
        new AgencyEvent.RiskFlagCleared("agy_1", "flg-1", T0));
  }

  private static IncentiveLines.Due due() {
    return new IncentiveLines.Due(
        "shp_1", "o-1", "1", "b-1", Fen.of(4_000), Points.of(400), List.of(RiskKind.NO_TRACKING));
  }

  private static DepositPolicy depositPolicy() {
    return new DepositPolicy(
        YearMonth.of(2026, 1),
        Fen.ofYuan(20_000),
        List.of(new DepositTier(Fen.ofYuan(500_000), Fen.ofYuan(30_000))));
  }

  private List<Object> settlementMessages() {
    SettlementPage page =
        new SettlementPage(
            "2026-10/RECEIVED/0//",
            new Checkpoint(Checkpoint.Phase.RECEIVED, 0, "", "", ""),
            new Checkpoint(Checkpoint.Phase.RECEIVED, 0, "o-1", "shp_1", "1"),
            List.of(
                new LineDecision(
                    LineDecision.Kind.SETTLE,
                    "o-1",
                    "1",
                    "shp_1",
                    "agy_1",
                    "b-1",
                    Fen.ofYuan(1_000),
                    Fen.of(600),
                    Fen.of(5_000),
                    Fen.of(10_000),
                    Fen.of(4_000),
                    Points.of(400),
                    List.of(RiskKind.BUYER_BURST),
                    false)));
    SettlementTotals totals =
        new SettlementTotals(1, 100_000, 600, 5_000, 4_000, 400, 0, 0, 0, 0, 0, 0, 10_000, 0);
    return List.of(
        new SettlementEntity.Start(YearMonth.of(2026, 11), ref()),
        new SettlementEntity.Decide(page, ref()),
        new SettlementEntity.Applied(
            page.pageId(), totals, Map.of("shp_1", totals), Map.of("agy_1", totals), ref()),
        new SettlementEntity.Complete(ref()),
        new SettlementEntity.Get(ref()),
        new SettlementEvent.Started("2026-10", "2026-11", T0),
        new SettlementEvent.PageDecided("2026-10", page, T0),
        new SettlementEvent.PageApplied(
            "2026-10", page.pageId(), totals, Map.of("shp_1", totals), Map.of("agy_1", totals), T0),
        new SettlementEvent.Completed("2026-10", T0),
        SettlementState.empty("2026-10")
            .apply(new SettlementEvent.Started("2026-10", "2026-11", T0))
            .apply(new SettlementEvent.PageDecided("2026-10", page, T0)),
        Outcome.done(new IncentiveLines.Grants(List.of())),
        new SettlementDriver.Settle("2026-10", ref()),
        new SettlementDriver.RunEnded(
            "2026-10",
            new SettlementDriver.Answer(Outcome.done(SettlementState.empty("2026-10")), null)),
        new SettlementDriver.RunEnded(
            "2026-10", new SettlementDriver.Answer(null, "java.util.concurrent.TimeoutException")),
        new SettlementDriver.Answer(
            Outcome.refused(ErrorCode.EARLIER_CYCLE_UNSETTLED, "cycle 2026-09"), null),
        SettlementDriver.CheckSchedule.INSTANCE);
  }

  private AgencyState richAgencyState() {
    AgencyState state = AgencyState.empty(Duration.ofHours(72));
    for (Object event : agencyEvents()) {
      state = state.apply((AgencyEvent) event);
    }
    return state;
  }

  private List<Object> policyMessages() {
    DepositPolicy version =
        new DepositPolicy(
            YearMonth.of(2027, 1),
            Fen.ofYuan(20_000),
            List.of(new DepositTier(Fen.ofYuan(500_000), Fen.ofYuan(30_000))));
    return List.of(
        new DepositPolicyEntity.AddVersion(version, List.of(version), ref()),
        new DepositPolicyEntity.GetVersions(ref()),
        new DepositPolicyEntity.VersionAdded(version, T0),
        new DepositPolicyEntity.State(List.of(version)));
  }

  private List<Object> replies() {
    OrderReceipt receipt =
        new OrderReceipt(
            "o-1",
            OrderStatus.PAID,
            List.of(new OrderReceipt.SupplierLines("sup_a", List.of("1"))),
            List.of("2"));
    return List.of(
        Outcome.done(Ack.INSTANCE),
        Outcome.refused(ErrorCode.MODE_CONFLICT, "active mode is WHOLE_SHOP"),
        Outcome.done(new ShopCommand.InviteIssued("shp_1.tok", T0)),
        Outcome.done(new SupplierCommand.Withdrawn(List.of("1", "2"))),
        Outcome.done(new io.daifa.supplier.MonthScore(9, 8, 7, 6, 5, 4, 3, 2, 1, 0)),
        Outcome.done(new ModeChange(AllocationMode.BY_PRODUCT, AllocationMode.NONE, 3, null)),
        Outcome.done(new BindingRequest("req_1", "shp_1", BindingRequest.Status.PENDING, T0)),
        new ShopCommand.IngestResult(
            7, List.of(Outcome.done(receipt), Outcome.refused(ErrorCode.ORDER_ID_REUSED, "x"))),
        ShopView.of(richShopState()),
        Outcome.done(listing),
        Outcome.done(pick),
        Outcome.done(new ShopStats("shp_1", "2026-11", 300, Map.of("sup_a", 200L), 100)),
        Outcome.done(
            new SupplierStats(
                "sup_a", "2026-11", 200, 2, Map.of("spu-1", new SupplierStats.Product(200, 2)))),
        new SupplierCommand.BindingRequests(
            List.of(new BindingRequest("req_1", "shp_1", BindingRequest.Status.PENDING, T0))));
  }

  /** A shop that has seen {@code batches} batches of 1,000 orders ({@code busy-<batch>-<i>}). */
  private ShopState busyShop(int batches) {
    ShopState busy = richShopState();
    for (int batch = 0; batch < batches; batch++) {
      List<RoutedOrder> routed = new java.util.ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        Order o = order("busy-" + batch + "-" + i, "shp_1", "spu-1", "spu-2");
        routed.add(new RoutedOrder(o, o.fingerprint(), List.of(), List.of()));
      }
      busy = busy.apply(new ShopEvent.OrdersRouted("shp_1", routed, List.of(), T0));
    }
    return busy.copyForReaders();
  }

  /** A shop state with something in every part: bindings, rules, queue, windows, pending. */
  private ShopState richShopState() {
    ShopState state = ShopState.empty("shp_1", Duration.ofDays(7), Duration.ofHours(72));
    for (Object event : shopEvents()) {
      if (!(event instanceof ShopEvent.SupplierUnbound
          || event instanceof ShopEvent.DispatchesConfirmed
          || event instanceof ShopEvent.QueuedLineDispatched
          || event instanceof ShopEvent.ProductRouteSet
          || event instanceof ShopEvent.ProductRouteRemoved
          || event instanceof ShopEvent.SkuRouteSet
          || event instanceof ShopEvent.SkuRouteRemoved
          || event instanceof ShopEvent.QueuedLinesRefunded
          || event instanceof ShopEvent.ProductUnpicked)) {
        state = state.apply((ShopEvent) event);
      }
    }
    return state
        .apply(
            new ShopEvent.SupplierBound(
                "shp_1", "sup_b", BindingVia.APPLICATION, "req_2", null, T0))
        .apply(new ShopEvent.ProductRouteSet("shp_1", "spu-7", "sup_a", T0, List.of("sup_b")))
        .apply(new ShopEvent.SkuRouteSet("shp_1", "spu-7", "sku-1", "sup_b", List.of(), T0));
  }

  private SupplierState richSupplierState() {
    SupplierState state = SupplierState.empty("sup_a", Duration.ofHours(72));
    for (Object event : supplierEvents()) {
      if (!(event instanceof SupplierEvent.NoticesConfirmed
          || event instanceof SupplierEvent.BindingRequestRejected)) {
        state = state.apply((SupplierEvent) event);
      }
    }
    return state;
  }

  @Test
  void shouldHaveASampleOfEveryCommandAndEvent() {
    assertCovers(ShopCommand.class, shopCommands());
    assertCovers(ShopEvent.class, shopEvents());
    assertCovers(SupplierCommand.class, supplierCommands());
    assertCovers(SupplierEvent.class, supplierEvents());
    assertCovers(
        AccountEntity.Command.class,
        accountMessages().stream().filter(m -> m instanceof AccountEntity.Command).toList());
    assertCovers(
        AgencyEntity.Command.class,
        agencyMessages().stream().filter(m -> m instanceof AgencyEntity.Command).toList());
    assertCovers(AgencyEvent.class, agencyEvents());
    assertCovers(
        SettlementEntity.Command.class,
        settlementMessages().stream().filter(m -> m instanceof SettlementEntity.Command).toList());
    assertCovers(
        SettlementEvent.class,
        settlementMessages().stream().filter(m -> m instanceof SettlementEvent).toList());
    assertCovers(
        SettlementDriver.Command.class,
        settlementMessages().stream().filter(m -> m instanceof SettlementDriver.Command).toList());
    assertCovers(
        DepositPolicyEntity.Command.class,
        policyMessages().stream().filter(m -> m instanceof DepositPolicyEntity.Command).toList());
  }

  private static void assertCovers(Class<?> sealed, List<Object> samples) {
    Set<Class<?>> permitted = new HashSet<>();
    addConcrete(sealed, permitted);
    Set<Class<?>> sampled = samples.stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(permitted, sampled, "samples of " + sealed.getSimpleName());
  }

  /** The records a sealed type permits, through sealed interfaces within it. */
  private static void addConcrete(Class<?> sealed, Set<Class<?>> into) {
    for (Class<?> permitted : sealed.getPermittedSubclasses()) {
      if (permitted.isSealed()) {
        addConcrete(permitted, into);
      } else {
        into.add(permitted);
      }
    }
  }

  /**
   * A reply that crosses nodes must fit Artery's frame (256 KiB): the HTTP API's view of a shop
   * does, whatever its traffic; the whole state of a busy shop does not, which is why the API never
   * asks for it.
   */
  @Test
  void aBusyShopsViewFitsARemoteMessageWhileItsWholeStateDoesNot() {
    ShopState busy = busyShop(50);
    var bytes = SerializationExtension.get(testKit.system());
    int stateBytes = bytes.serialize(busy).get().length;
    int viewBytes = bytes.serialize(ShopView.of(busy)).get().length;
    int frame = 256 * 1024;
    assertTrue(stateBytes > frame, "the whole state of 50,000 orders: " + stateBytes + " bytes");
    assertTrue(viewBytes < 16 * 1024, "the view: " + viewBytes + " bytes");
  }

  /**
   * A busy shop's snapshot is written in LZ4 (gzip took 12 times as long), and one written in gzip
   * before still reads: the reader detects either, whatever the configuration says.
   */
  @Test
  void aBusyShopsSnapshotIsWrittenInLz4AndOneInGzipStillReads() {
    ShopState busy = busyShop(20);
    var bytes = SerializationExtension.get(testKit.system());
    byte[] written = bytes.serialize(busy).get();
    assertTrue(written.length > 32 * 1024, "large enough to compress: " + written.length);
    assertTrue(written[0] != (byte) 0x1f || written[1] != (byte) 0x8b, "not gzip");
    ActorTestKit gzipKit =
        ActorTestKit.create(
            ConfigFactory.parseString(
                    "pekko.serialization.jackson.jackson-cbor.compression.algorithm = gzip")
                .withFallback(EntityTestSupport.config()));
    try {
      byte[] gzipped = SerializationExtension.get(gzipKit.system()).serialize(busy).get();
      assertEquals((byte) 0x1f, gzipped[0], "written in gzip");
      assertEquals((byte) 0x8b, gzipped[1], "written in gzip");
      var serializer = bytes.findSerializerFor(busy);
      for (byte[] stored : List.of(written, gzipped)) {
        ShopState read =
            (ShopState)
                bytes
                    .deserialize(
                        stored, serializer.identifier(), Serializers.manifestFor(serializer, busy))
                    .get();
        assertEquals(busy.recentOrders().size(), read.recentOrders().size());
        assertTrue(read.recentOrders().contains("busy-19-999"), "the last order seen");
        assertEquals(busy.pendingDispatches().keySet(), read.pendingDispatches().keySet());
      }
    } finally {
      gzipKit.shutdownTestKit();
    }
  }

  /**
   * An agency's snapshot no longer grows with its orders: 200,000 promoter orders in 10,000 shop
   * events from 50 shops leave one high-water mark per shop and slice. Remembering every line for
   * the 72 h window, as before, kept a map entry per line in memory and in every snapshot (562,548
   * bytes for 200,000 lines of sequential order IDs, gzipped): at a peak's millions of lines an
   * agency's heap and snapshot grew without bound.
   */
  @Test
  void anAgencysSnapshotStaysSmallWhateverItsOrders() {
    AgencyState agency = AgencyState.empty(Duration.ofHours(72));
    for (int seqNr = 1; seqNr <= 200; seqNr++) {
      List<BatchTally> tallies = new java.util.ArrayList<>();
      for (int shop = 0; shop < 50; shop++) {
        tallies.add(
            new BatchTally("shp_" + shop, seqNr % 4, seqNr, Map.of("2026-11", Fen.of(20 * 999))));
      }
      agency = agency.apply(new AgencyEvent.GmvTallied(tallies, T0));
    }
    int snapshotBytes = SerializationExtension.get(testKit.system()).serialize(agency).get().length;
    assertEquals(Fen.of(200L * 50 * 20 * 999), agency.gmv(YearMonth.of(2026, 11)));
    assertTrue(snapshotBytes < 16 * 1024, "the snapshot: " + snapshotBytes + " bytes");
  }

  @Test
  void shouldRoundTripEveryMessageEventReplyAndState() {
    List<Object> all =
        Stream.of(
                shopCommands(),
                shopEvents(),
                supplierCommands(),
                supplierEvents(),
                replies(),
                accountMessages(),
                agencyMessages(),
                agencyEvents(),
                policyMessages(),
                settlementMessages(),
                List.<Object>of(richShopState(), richSupplierState(), richAgencyState()))
            .flatMap(List::stream)
            .toList();
    for (Object message : all) {
      assertTrue(message instanceof CborSerializable, message.getClass() + " is not bound");
      serialization.verifySerialization(message, true);
    }
    assertTrue(richShopState().manualQueue().size() > 0);
    assertTrue(richSupplierState().pendingNotices().size() > 0);
    assertTrue(richSupplierState().scores().months().size() > 0, "a scorecard to carry");
    assertTrue(richSupplierState().webhook() != null, "a webhook to carry");
    assertTrue(richAgencyState().countedLines().contains(AgencyState.lineKey("shp_1", "o-1", "2")));
    assertEquals(41, richAgencyState().creditedThrough("shp_1/2"), "a high-water mark to carry");
    // The HTTP API's view of an agency keeps its figures and drops its windows.
    AgencyState view = richAgencyState().view();
    assertEquals(richAgencyState().gmvByMonth(), view.gmvByMonth());
    assertEquals(richAgencyState().incentives(), view.incentives());
    assertTrue(!view.countedLines().contains(AgencyState.lineKey("shp_1", "o-1", "2")));
    assertEquals(0, view.creditedThrough("shp_1/2"));
    serialization.verifySerialization(view, true);
  }

  /**
   * An agency snapshot taken before tallies per shop event (no {@code creditedThrough}) reads back
   * with its GMV and lines counted, and no high-water marks.
   */
  @Test
  void shouldReadAnAgencySnapshotFromBeforeTallies() throws Exception {
    var jackson = SerializationExtension.get(testKit.system());
    AgencyState current = richAgencyState();
    var serializer = (SerializerWithStringManifest) jackson.findSerializerFor(current);
    var mapper =
        JacksonObjectMapperProvider.get(testKit.system())
            .getOrCreate("jackson-cbor", Optional.empty());
    var tree = (ObjectNode) mapper.valueToTree(current);
    assertTrue(tree.remove("creditedThrough") != null);
    byte[] before = mapper.writeValueAsBytes(tree);

    AgencyState read = (AgencyState) serializer.fromBinary(before, serializer.manifest(current));

    assertEquals(current.gmvByMonth(), read.gmvByMonth());
    assertTrue(read.countedLines().contains(AgencyState.lineKey("shp_1", "o-1", "2")));
    assertEquals(0, read.creditedThrough("shp_1/2"));
  }

  /**
   * A supplier's state is written by its own serializer (the order book compact, deflated when
   * large); one written as CBOR before, as every snapshot was, still reads, and equal.
   */
  @Test
  void shouldWriteASuppliersStateCompactAndStillReadItsCborFromBefore() throws Exception {
    var serialization = SerializationExtension.get(testKit.system());
    DropshipDispatch open =
        new DropshipDispatch("d9", "shp_2", "sup_a", "o-9", null, T0, order.lines());
    SupplierState state =
        richSupplierState()
            .apply(new SupplierEvent.DispatchesReceived("sup_a", List.of(open), T0.plusSeconds(1)))
            .apply(
                new SupplierEvent.OrderAccepted(
                    "sup_a",
                    "shp_2",
                    "o-9",
                    List.of(order.lines().get(0).lineId()),
                    OrderStatus.ACCEPTED,
                    T0.plusSeconds(2)));
    assertTrue(!state.openOrders().isEmpty(), "open orders to carry");
    assertTrue(state.closedOrders().size() > 0, "closed orders to carry");
    assertEquals(
        SupplierStateSerializer.IDENTIFIER, serialization.findSerializerFor(state).identifier());

    var mapper =
        JacksonObjectMapperProvider.get(testKit.system())
            .getOrCreate("jackson-cbor", Optional.empty());
    byte[] before = mapper.writeValueAsBytes(state);
    var cbor = serialization.serializerFor(CborSerializable.class);
    Object read =
        serialization.deserialize(before, cbor.identifier(), SupplierState.class.getName()).get();
    assertEquals(state, read);
  }
}
