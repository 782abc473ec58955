package io.daifa.it;

import static io.daifa.it.Calls.call;
import static io.daifa.it.Calls.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.app.DaifaConfig;
import io.daifa.client.ApiException;
import io.daifa.client.api.AccountsApi;
import io.daifa.client.api.AfterSalesApi;
import io.daifa.client.api.AgenciesApi;
import io.daifa.client.api.AllocationApi;
import io.daifa.client.api.BindingApi;
import io.daifa.client.api.OperationsApi;
import io.daifa.client.api.OrdersApi;
import io.daifa.client.api.PoliciesApi;
import io.daifa.client.api.SuppliersApi;
import io.daifa.client.model.Agency;
import io.daifa.client.model.Allocation;
import io.daifa.client.model.AllocationModeChange;
import io.daifa.client.model.AllocationModeRequest;
import io.daifa.client.model.AppliedRule;
import io.daifa.client.model.AssignLineRequest;
import io.daifa.client.model.Binding;
import io.daifa.client.model.BindingRequest;
import io.daifa.client.model.BindingRequestStatus;
import io.daifa.client.model.CreateAgencyRequest;
import io.daifa.client.model.CreateSupplierRequest;
import io.daifa.client.model.CreatedSupplier;
import io.daifa.client.model.DepositRequest;
import io.daifa.client.model.DepositTier;
import io.daifa.client.model.DepositTierVersion;
import io.daifa.client.model.DepositTiersRequest;
import io.daifa.client.model.DisputeRequest;
import io.daifa.client.model.LatestLogistics;
import io.daifa.client.model.LogisticsReport;
import io.daifa.client.model.ManualLine;
import io.daifa.client.model.NewBindingRequest;
import io.daifa.client.model.Order;
import io.daifa.client.model.OrderReceipt;
import io.daifa.client.model.OrderRouting;
import io.daifa.client.model.OrderView;
import io.daifa.client.model.OrderViewLine;
import io.daifa.client.model.Problem;
import io.daifa.client.model.ReceiptConfirmation;
import io.daifa.client.model.RefundRequest;
import io.daifa.client.model.RejectRequest;
import io.daifa.client.model.ReroutePlan;
import io.daifa.client.model.RoutedLine;
import io.daifa.client.model.RuleRequest;
import io.daifa.client.model.Scorecard;
import io.daifa.client.model.ShipRequest;
import io.daifa.client.model.ShopSupplier;
import io.daifa.client.model.SupplierOrder;
import io.daifa.client.model.SupplierOrdersPage;
import io.daifa.client.model.ViolationRequest;
import io.daifa.client.model.ViolationStatus;
import io.daifa.it.Accounts.Account;
import io.daifa.it.ApiClient.Answer;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.OrderLine;
import io.daifa.order.SoldLine;
import io.daifa.shop.ShopEntity;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Storage;
import io.daifa.wire.SoldLineCell;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API against a real bound server on the real Cassandra: whole flows of binding,
 * allocation, orders, fulfilment, after-sales, agencies and operations. It speaks through the
 * client generated from {@code openapi.yaml}, so a field renamed on one side only fails here; the
 * plain client is kept for what that client cannot send or read: the NDJSON stream, the QR code,
 * the docs page and the Prometheus text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiIT {

  private static final String ADMIN = HttpTestServer.ADMIN;
  private static final String INGEST = HttpTestServer.INGEST;
  private static final OffsetDateTime NOV_14 = OffsetDateTime.parse("2026-11-14T10:00:00+08:00");

  private HttpTestServer server;
  private Accounts accounts;
  private ApiClient api;
  private int orders;

  @BeforeAll
  void start() throws Exception {
    server = new HttpTestServer("http");
    accounts = new Accounts(server);
    api = server.api;
  }

  @AfterAll
  void stop() {
    server.close();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private BindingApi binding(Account account) {
    return new BindingApi(server.client(account.key()));
  }

  private AllocationApi allocation(Account shop) {
    return new AllocationApi(server.client(shop.key()));
  }

  private OrdersApi orders(String key) {
    return new OrdersApi(server.client(key));
  }

  private SuppliersApi suppliers(Account supplier) {
    return new SuppliersApi(server.client(supplier.key()));
  }

  private AfterSalesApi afterSales() {
    return new AfterSalesApi(server.client(INGEST));
  }

  private AgenciesApi agencies(String key) {
    return new AgenciesApi(server.client(key));
  }

  private Account newShop() {
    return accounts.shop("Tea House");
  }

  private Account newSupplier(CreateSupplierRequest.IdentityEnum identity) {
    CreatedSupplier created =
        call(
            () ->
                new AccountsApi(server.client(ADMIN))
                    .createSupplier(
                        null, new CreateSupplierRequest().name("Co").identity(identity)));
    assertEquals(
        identity == CreateSupplierRequest.IdentityEnum.SUPPLIER, created.getValidSupplierId());
    return new Account(created.getSupplierId(), created.getApiKey());
  }

  private Account newSupplier() {
    return newSupplier(CreateSupplierRequest.IdentityEnum.SUPPLIER);
  }

  private Account newAgency(CreateAgencyRequest.KindEnum kind) {
    var created =
        call(
            () ->
                new AccountsApi(server.client(ADMIN))
                    .createAgency(null, new CreateAgencyRequest().name("Ag").kind(kind)));
    return new Account(created.getAgencyId(), created.getApiKey());
  }

  private String invite(Account shop) {
    return call(() -> binding(shop).createInvite(shop.id())).getToken();
  }

  private void bind(Account shop, Account supplier) {
    accounts.bind(shop, supplier);
  }

  private void route(Account shop, String spuId, Account supplier) {
    accounts.route(shop, spuId, supplier);
  }

  private String nextOrderId() {
    return "it-" + System.nanoTime() + "-" + ++orders;
  }

  private OrderReceipt place(Order order) {
    return call(() -> orders(INGEST).createOrder(order));
  }

  private void ship(Account supplier, String orderId, String trackingNo) {
    call(
        () ->
            suppliers(supplier)
                .shipOrder(
                    supplier.id(),
                    orderId,
                    null,
                    new ShipRequest().carrier("SF").trackingNo(trackingNo)));
  }

  private void accept(Account supplier, String orderId) {
    call(() -> suppliers(supplier).acceptOrder(supplier.id(), orderId, null));
  }

  private Object confirmReceipt(Account supplier, String orderId, OffsetDateTime at)
      throws ApiException {
    return orders(INGEST)
        .confirmReceipt(
            orderId, null, new ReceiptConfirmation().supplierId(supplier.id()).receivedAt(at));
  }

  private static RefundRequest refund(OffsetDateTime at, String... lineIds) {
    return new RefundRequest().lineIds(List.of(lineIds)).refundedAt(at);
  }

  private SupplierOrdersPage supplierOrders(
      Account supplier, String status, String after, Integer limit) throws ApiException {
    return suppliers(supplier).listSupplierOrders(supplier.id(), status, after, limit);
  }

  private static boolean lists(SupplierOrdersPage page, String orderId) {
    return page.getOrders().stream().anyMatch(o -> o.getOrderId().equals(orderId));
  }

  /** The answer's HTTP status: 200 for any success, else the refusal's. */
  private static int statusOf(Calls.Action call) {
    try {
      call.run();
      return 200;
    } catch (ApiException e) {
      return e.getCode();
    }
  }

  /**
   * The order's view once its lines show these statuses. Its rows come from the shop's and the
   * suppliers' events, which different projection instances write in any order, so a view can show
   * some lines before others: waiting for one status alone is not enough.
   */
  private OrderView orderShowing(String orderId, String shopId, Map<String, String> statusOfLine) {
    return Calls.eventually(
        () -> orders(INGEST).getOrder(orderId, shopId),
        view -> statusOfLine.equals(lineStatuses(view)));
  }

  private OrderView orderShowing(String orderId, Map<String, String> statusOfLine) {
    return orderShowing(orderId, null, statusOfLine);
  }

  private static Map<String, String> lineStatuses(OrderView order) {
    Map<String, String> statuses = new TreeMap<>();
    order.getLines().forEach(l -> statuses.put(l.getLineId(), l.getStatus().getValue()));
    return statuses;
  }

  /** The order's routing explanation once the line's rule is of this kind. */
  private OrderRouting routingShowing(
      String orderId, Account shop, String lineId, AppliedRule.KindEnum kind) {
    return Calls.eventually(
        () -> orders(shop.key()).getOrderRouting(orderId, null),
        routing ->
            routing.getLines().stream()
                .anyMatch(
                    l ->
                        l.getLineId().equals(lineId)
                            && l.getRule() != null
                            && l.getRule().getKind() == kind));
  }

  private Agency agency(Account agency, String key, String month) {
    return call(() -> agencies(key).getAgency(agency.id(), month));
  }

  // ---- binding --------------------------------------------------------------------------------

  @Test
  void shouldBindByInviteAndRefuseExpiredReusedAndForeignTokens() {
    Account shop = newShop();
    Account other = newShop();
    Account first = newSupplier();
    Account second = newSupplier();
    Account merchant = newSupplier(CreateSupplierRequest.IdentityEnum.SHOP_MERCHANT);

    String token = invite(shop);
    // A PNG: the plain client reads its bytes.
    Answer qr = api.get("/v1/invites/" + token + "/qr.png", shop.key());
    assertEquals(200, qr.status());
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(qr.raw().body(), 4), "a PNG");
    assertEquals(403, api.get("/v1/invites/" + token + "/qr.png", other.key()).status());

    refused(422, "INVALID_SUPPLIER_ID", () -> binding(merchant).acceptInvite(merchant.id(), token));
    Binding accepted = call(() -> binding(first).acceptInvite(first.id(), token));
    assertEquals(Binding.StatusEnum.ACTIVE, accepted.getStatus());
    assertEquals(shop.id(), accepted.getShopId());
    refused(409, "INVITE_USED", () -> binding(second).acceptInvite(second.id(), token));
    String forged = shop.id() + ".not-a-real-secret";
    refused(404, "INVITE_UNKNOWN", () -> binding(second).acceptInvite(second.id(), forged));

    // A made-up token naming a shop that was never created: refused before any shop entity starts
    // (a remembered entity would be restarted on every boot).
    String madeUp = "shp_nosuchshopatallxxxxx.c2VjcmV0";
    refused(404, "INVITE_UNKNOWN", () -> binding(second).acceptInvite(second.id(), madeUp));
    assertFalse(shopEntityIds().contains("shp_nosuchshopatallxxxxx"), "no shop entity was started");

    String late = invite(shop);
    server.clock.advance(Duration.ofDays(7).plusSeconds(1));
    refused(410, "INVITE_EXPIRED", () -> binding(second).acceptInvite(second.id(), late));

    List<ShopSupplier> bound = call(() -> binding(shop).listShopSuppliers(shop.id()));
    assertEquals(1, bound.size());
    assertEquals(first.id(), bound.get(0).getSupplierId());
    assertEquals(ShopSupplier.ViaEnum.INVITE, bound.get(0).getVia());
  }

  @Test
  void shouldBindByApplicationApprovedOnlyByTheAddressedSupplier() {
    Account shop = newShop();
    Account supplier = newSupplier();
    Account stranger = newSupplier();
    Account merchant = newSupplier(CreateSupplierRequest.IdentityEnum.SHOP_MERCHANT);

    for (String supplierId : List.of(merchant.id(), "sup_aaaaaaaaaaaaaaaaaaaa", "nonsense")) {
      refused(
          422,
          "INVALID_SUPPLIER_ID",
          () ->
              binding(shop)
                  .requestBinding(shop.id(), new NewBindingRequest().supplierId(supplierId)));
    }

    BindingRequestStatus applied =
        call(
            () ->
                binding(shop)
                    .requestBinding(shop.id(), new NewBindingRequest().supplierId(supplier.id())));
    assertEquals(BindingRequestStatus.StatusEnum.PENDING, applied.getStatus());
    String requestId = applied.getRequestId();
    List<BindingRequest> listed = call(() -> binding(supplier).listBindingRequests(supplier.id()));
    assertEquals(requestId, listed.get(0).getRequestId());
    assertEquals(shop.id(), listed.get(0).getShopId());

    // Another supplier cannot approve it, through its own path or through the addressee's.
    refused(
        404, "NOT_FOUND", () -> binding(stranger).approveBindingRequest(stranger.id(), requestId));
    refused(
        403, "FORBIDDEN", () -> binding(stranger).approveBindingRequest(supplier.id(), requestId));
    assertEquals(0, call(() -> binding(shop).listShopSuppliers(shop.id())).size());

    BindingRequestStatus approved =
        call(() -> binding(supplier).approveBindingRequest(supplier.id(), requestId));
    assertEquals(BindingRequestStatus.StatusEnum.APPROVED, approved.getStatus());
    Calls.eventually(
        () -> binding(shop).listShopSuppliers(shop.id()),
        bound -> bound.size() == 1 && bound.get(0).getVia() == ShopSupplier.ViaEnum.APPLICATION);

    call(
        () -> {
          binding(supplier).unbindSupplier(shop.id(), supplier.id());
          return null;
        });
    assertEquals(0, call(() -> binding(shop).listShopSuppliers(shop.id())).size());
  }

  // ---- allocation -----------------------------------------------------------------------------

  @Test
  void shouldKeepOneModeAtATime() {
    Account shop = newShop();
    Account a = newSupplier();
    Account b = newSupplier();
    bind(shop, a);
    bind(shop, b);
    AllocationModeRequest toB = Accounts.wholeShopTo(b.id());

    refused(
        422,
        "NOT_BOUND",
        () ->
            allocation(shop)
                .setAllocationMode(shop.id(), Accounts.wholeShopTo("sup_aaaaaaaaaaaaaaaaaaaa")));
    route(shop, "spu-1", a);
    Problem conflict =
        refused(409, "MODE_CONFLICT", () -> allocation(shop).setAllocationMode(shop.id(), toB));
    assertTrue(conflict.getDetail().contains("BY_PRODUCT"), conflict.toString());

    AllocationModeChange switched =
        call(() -> allocation(shop).setAllocationMode(shop.id(), toB.dropProductRoutes(true)));
    assertEquals(1, switched.getDroppedProductRoutes());
    Problem productInWholeShop =
        refused(
            409,
            "MODE_CONFLICT",
            () ->
                allocation(shop)
                    .setProductRoute(shop.id(), "spu-2", new RuleRequest().supplierId(a.id())));
    assertTrue(productInWholeShop.getDetail().contains("WHOLE_SHOP"));

    Allocation table = call(() -> allocation(shop).getAllocation(shop.id()));
    assertEquals(Allocation.ModeEnum.WHOLE_SHOP, table.getMode());
    assertEquals(b.id(), table.getWholeShopSupplierId());
    assertEquals(0, table.getProductRoutes().size());
  }

  // ---- orders ---------------------------------------------------------------------------------

  @Test
  void shouldSplitQueueAssignAndDeduplicateOrders() {
    Account shop = newShop();
    Account a = newSupplier();
    Account b = newSupplier();
    bind(shop, a);
    bind(shop, b);
    route(shop, "spu-a", a);
    route(shop, "spu-b", b);

    String orderId = nextOrderId();
    Order order = OrderBodies.model(orderId, shop.id(), "spu-a", "spu-b", "spu-x");
    OrderReceipt routed = place(order);
    assertEquals(OrderReceipt.StatusEnum.PAID, routed.getStatus());
    assertEquals(2, routed.getDropshipOrders().size());
    assertEquals(List.of("3"), routed.getManualLineIds());

    assertEquals(routed, place(order), "a resend answers the first result");
    refused(
        409,
        "ORDER_ID_REUSED",
        () -> orders(INGEST).createOrder(OrderBodies.model(orderId, shop.id(), "spu-b")));

    List<ManualLine> queue = call(() -> allocation(shop).listManualQueue(shop.id()));
    assertEquals(1, queue.size());
    assertEquals("NO_RULE_FOR_SPU", queue.get(0).getReason());
    refused(
        422,
        "NOT_BOUND",
        () ->
            allocation(shop)
                .assignLine(
                    shop.id(),
                    orderId,
                    "3",
                    new AssignLineRequest().supplierId("sup_aaaaaaaaaaaaaaaaaaaa")));
    AssignLineRequest toA = new AssignLineRequest().supplierId(a.id());
    call(() -> allocation(shop).assignLine(shop.id(), orderId, "3", toA));
    assertEquals(0, call(() -> allocation(shop).listManualQueue(shop.id())).size());
    refused(
        409,
        "LINE_NOT_IN_MANUAL_QUEUE",
        () -> allocation(shop).assignLine(shop.id(), orderId, "3", toA));

    OrderView read =
        orderShowing(orderId, Map.of("1", "ALLOCATED", "2", "ALLOCATED", "3", "ALLOCATED"));
    Map<String, String> supplierOfLine = new HashMap<>();
    read.getLines().forEach(l -> supplierOfLine.put(l.getLineId(), l.getSupplierId()));
    assertEquals(Map.of("1", a.id(), "2", b.id(), "3", a.id()), supplierOfLine);

    // A supplier sees only its own part; another shop does not learn the order exists.
    assertEquals(1, call(() -> orders(b.key()).getOrder(orderId, null)).getLines().size());
    Account stranger = newShop();
    refused(404, "NOT_FOUND", () -> orders(stranger.key()).getOrder(orderId, null));
  }

  /**
   * A supplier's list is kept in three tables (docs/performance-history.md, "A supplier's list per
   * shop event"): a row per shop event for first routings, a row of its own for an order dispatched
   * to the supplier later or listed by an earlier release, and the statuses it moved on. Paged one
   * by one, every order shows exactly once, with every line the supplier was sent and its latest
   * status.
   */
  @Test
  void shouldListEachOfASuppliersOrdersOnceWithEveryLineItWasSent() throws Exception {
    Account shop = newShop();
    Account supplier = newSupplier();
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    String split = nextOrderId();
    place(OrderBodies.model(split, shop.id(), "spu-a", "spu-x"));
    String single = nextOrderId();
    place(OrderBodies.model(single, shop.id(), "spu-a"));
    String pair = nextOrderId();
    place(OrderBodies.model(pair, shop.id(), "spu-a", "spu-a"));
    // Line 2 of the split order waits in the manual queue, then goes to the same supplier.
    Calls.eventually(() -> allocation(shop).listManualQueue(shop.id()), lines -> lines.size() == 1);
    call(
        () ->
            allocation(shop)
                .assignLine(
                    shop.id(), split, "2", new AssignLineRequest().supplierId(supplier.id())));
    String earlier = nextOrderId();
    var daifa = DaifaConfig.load(server.config).getConfig("daifa");
    CassandraSettings settings = CassandraSettings.fromConfig(daifa);
    try (Storage storage = Storage.open(settings, line -> {});
        CqlSession session = storage.session(settings.localDatacenter())) {
      // As releases before 2026-12-04 listed every dispatch.
      session.execute(
          "UPDATE "
              + settings.keyspace()
              + ".supplier_orders SET status = 'SHIPPED', line_ids = line_ids + {'1'} WHERE"
              + " supplier_id = ? AND order_id = ? AND shop_id = ?",
          supplier.id(),
          earlier,
          shop.id());
    }

    Calls.eventually(
        () -> supplierOrders(supplier, null, null, 200),
        page -> page.getOrders().size() == 4 && lineIdsOf(page, split).size() == 2);
    Map<String, SupplierOrder> paged = new LinkedHashMap<>();
    String after = null;
    do {
      String from = after;
      SupplierOrdersPage page = call(() -> supplierOrders(supplier, null, from, 1));
      for (SupplierOrder order : page.getOrders()) {
        assertNull(paged.put(order.getOrderId(), order), order.getOrderId() + " listed twice");
      }
      after = page.getNext();
    } while (after != null);
    assertEquals(Set.of(split, single, pair, earlier), paged.keySet());
    assertEquals(List.of("1", "2"), paged.get(split).getLineIds());
    assertEquals(List.of("1", "2"), paged.get(pair).getLineIds());
    assertEquals(List.of("1"), paged.get(single).getLineIds());
    assertEquals("SHIPPED", paged.get(earlier).getStatus().getValue());
    refused(422, "VALIDATION", () -> supplierOrders(supplier, null, "@not-a-cursor", 1));

    accept(supplier, single);
    accept(supplier, split);
    SupplierOrdersPage accepted =
        Calls.eventually(
            () -> supplierOrders(supplier, "ACCEPTED", null, null),
            page -> page.getOrders().size() == 2);
    assertEquals(
        Set.of(single, split),
        Set.of(accepted.getOrders().get(0).getOrderId(), accepted.getOrders().get(1).getOrderId()));
    SupplierOrdersPage allocated = call(() -> supplierOrders(supplier, "ALLOCATED", null, null));
    assertEquals(
        List.of(pair), allocated.getOrders().stream().map(SupplierOrder::getOrderId).toList());
    assertNull(allocated.getNext());
  }

  private static List<String> lineIdsOf(SupplierOrdersPage page, String orderId) {
    return page.getOrders().stream()
        .filter(o -> o.getOrderId().equals(orderId))
        .findFirst()
        .map(SupplierOrder::getLineIds)
        .orElse(List.of());
  }

  /**
   * The read side writes an order's rows from the shop's events and the suppliers' events, which
   * different projection instances read in any order: a supplier's status can land before the
   * shop's routing of the line. Such a half-written line is not shown (its product and quantity are
   * not known yet, and the contract says they are there); the rest of the order is.
   */
  @Test
  void shouldNotShowALineTheShopsRoutingOfHasNotReachedTheReadSide() throws Exception {
    Account shop = newShop();
    Account supplier = newSupplier();
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    String orderId = nextOrderId();
    place(OrderBodies.model(orderId, shop.id(), "spu-a"));
    orderShowing(orderId, Map.of("1", "ALLOCATED"));
    String onlyHalfWritten = nextOrderId();

    var daifa = DaifaConfig.load(server.config).getConfig("daifa");
    CassandraSettings settings = CassandraSettings.fromConfig(daifa);
    try (Storage storage = Storage.open(settings, line -> {});
        CqlSession session = storage.session(settings.localDatacenter())) {
      String supplierStatusFirst =
          "UPDATE "
              + settings.keyspace()
              + ".order_lines SET supplier_id = ?, status = 'ACCEPTED' WHERE bucket = ? AND"
              + " order_id = ? AND shop_id = ? AND line_id = ?";
      for (String[] line :
          List.of(new String[] {orderId, "2"}, new String[] {onlyHalfWritten, "1"})) {
        session.execute(
            supplierStatusFirst,
            supplier.id(),
            settings.orderBuckets().of(line[0]),
            line[0],
            shop.id(),
            line[1]);
      }
    }

    OrderView read = call(() -> orders(INGEST).getOrder(orderId, null));
    assertEquals(Map.of("1", "ALLOCATED"), lineStatuses(read));
    assertEquals("spu-a", read.getLines().get(0).getSpuId());
    refused(404, "NOT_FOUND", () -> orders(INGEST).getOrder(onlyHalfWritten, null));
    refused(404, "NOT_FOUND", () -> orders(shop.key()).getOrder(onlyHalfWritten, null));
  }

  /**
   * Releases before the order's own row wrote a row per line with the line's sale in it (storage
   * schema 4): an order stored so is read as it was, and a later event's row still lays over it.
   */
  @Test
  void shouldReadAnOrderWhoseLinesAnEarlierReleaseWroteRowByRow() throws Exception {
    Account shop = newShop();
    Account supplier = newSupplier();
    String orderId = nextOrderId();
    var daifa = DaifaConfig.load(server.config).getConfig("daifa");
    CassandraSettings settings = CassandraSettings.fromConfig(daifa);
    Instant paid = Instant.parse("2026-11-11T00:00:01Z");
    try (Storage storage = Storage.open(settings, line -> {});
        CqlSession session = storage.session(settings.localDatacenter())) {
      String lineRow =
          "UPDATE "
              + settings.keyspace()
              + ".order_lines SET supplier_id = ?, status = ?, updated_at = ?, sale = ?, rule = ?,"
              + " manual_reason = ? WHERE bucket = ? AND order_id = ? AND shop_id = ? AND"
              + " line_id = ?";
      int bucket = settings.orderBuckets().of(orderId);
      for (String lineId : List.of("1", "2")) {
        boolean routed = lineId.equals("1");
        OrderLine line =
            new OrderLine(
                lineId,
                "spu-" + lineId,
                "spu-" + lineId + "-s",
                2,
                Fen.of(1_990),
                Fen.ZERO,
                Fen.ZERO,
                Fen.ZERO,
                BasisPoints.of(60));
        session.execute(
            lineRow,
            routed ? supplier.id() : null,
            routed ? "ALLOCATED" : "PAID",
            paid,
            SoldLineCell.write(new SoldLine(line, "b-1", null, paid, null)),
            routed ? "WHOLE_SHOP" : "NONE",
            routed ? null : "NO_RULE_FOR_SPU",
            bucket,
            orderId,
            shop.id(),
            lineId);
      }
      session.execute(
          "UPDATE "
              + settings.keyspace()
              + ".order_lines SET status = 'ACCEPTED' WHERE bucket = ? AND order_id = ? AND"
              + " shop_id = ? AND line_id = '1'",
          bucket,
          orderId,
          shop.id());
    }

    OrderView read = call(() -> orders(shop.key()).getOrder(orderId, null));
    assertEquals(Map.of("1", "ACCEPTED", "2", "PAID"), lineStatuses(read));
    assertEquals("spu-2", read.getLines().get(1).getSpuId());
    assertEquals(2, read.getLines().get(1).getQuantity());
    List<RoutedLine> routing =
        call(() -> orders(shop.key()).getOrderRouting(orderId, null)).getLines();
    assertEquals(supplier.id(), routing.get(0).getSupplierId());
    assertEquals(AppliedRule.KindEnum.WHOLE_SHOP, routing.get(0).getRule().getKind());
    assertEquals(RoutedLine.ManualReasonEnum.NO_RULE_FOR_SPU, routing.get(1).getManualReason());
  }

  @Test
  void shouldWalkFulfilmentAndRefuseIllegalTransitions() {
    Account shop = newShop();
    Account supplier = newSupplier();
    bind(shop, supplier);
    accounts.wholeShop(shop, supplier);
    String shipped = nextOrderId();
    String rejected = nextOrderId();
    place(OrderBodies.model(shipped, shop.id(), "spu-1", "spu-2"));
    place(OrderBodies.model(rejected, shop.id(), "spu-3"));

    Problem early =
        refused(
            409,
            "ILLEGAL_TRANSITION",
            () ->
                suppliers(supplier)
                    .shipOrder(
                        supplier.id(),
                        shipped,
                        null,
                        new ShipRequest().carrier("SF").trackingNo("SF1")));
    assertTrue(early.getDetail().contains("ALLOCATED"), early.toString());
    accept(supplier, shipped);
    refused(
        409,
        "ILLEGAL_TRANSITION",
        () -> suppliers(supplier).acceptOrder(supplier.id(), shipped, null));
    ship(supplier, shipped, "SF1");
    Instant beforeReceipt = server.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    call(() -> confirmReceipt(supplier, shipped, NOV_14));
    Instant afterReceipt = server.clock.instant();
    refused(409, "ILLEGAL_TRANSITION", () -> confirmReceipt(supplier, shipped, NOV_14));

    call(
        () ->
            suppliers(supplier)
                .rejectOrder(
                    supplier.id(), rejected, null, new RejectRequest().reason("out of stock")));
    List<ManualLine> queue =
        Calls.eventually(
            () -> allocation(shop).listManualQueue(shop.id()), lines -> lines.size() == 1);
    assertEquals("REJECTED_BY_SUPPLIER", queue.get(0).getReason());
    assertEquals(rejected, queue.get(0).getOrderId());

    OrderView received =
        Calls.eventually(
            () -> orders(shop.key()).getOrder(shipped, null),
            view ->
                view.getLines().stream()
                    .anyMatch(l -> l.getStatus() == OrderViewLine.StatusEnum.RECEIVED));
    assertEquals("SF1", received.getLines().get(0).getTrackingNo());
    SupplierOrdersPage receivedList =
        Calls.eventually(
            () -> supplierOrders(supplier, "RECEIVED", null, null),
            page -> page.getOrders().size() == 1);
    assertEquals(shipped, receivedList.getOrders().get(0).getOrderId());
    // The supplier's row is as new as its last status: the receipt's, not the routing's.
    Instant updatedAt = receivedList.getOrders().get(0).getUpdatedAt().toInstant();
    assertFalse(updatedAt.isBefore(beforeReceipt), updatedAt + " before " + beforeReceipt);
    assertFalse(updatedAt.isAfter(afterReceipt), updatedAt + " after " + afterReceipt);
    SupplierOrdersPage firstPage =
        Calls.eventually(
            () -> supplierOrders(supplier, null, null, 1), page -> page.getOrders().size() == 1);
    SupplierOrdersPage secondPage =
        call(() -> supplierOrders(supplier, null, firstPage.getNext(), 1));
    assertEquals(1, secondPage.getOrders().size());
    assertNotEquals(
        firstPage.getOrders().get(0).getOrderId(), secondPage.getOrders().get(0).getOrderId());
  }

  /**
   * Issue 15 on the real Cassandra: a SKU rule over its SPU's rule, a backup taking the line its
   * supplier rejected, the manual queue once the backups are exhausted, and the routing explanation
   * of each line as it was decided, hop by hop.
   */
  @Test
  void shouldRouteSkusOverSpusFallBackToBackupsAndExplainEachDecision() {
    Account shop = newShop();
    Account first = newSupplier();
    Account backup = newSupplier();
    Account skuSupplier = newSupplier();
    for (Account supplier : List.of(first, backup, skuSupplier)) {
      bind(shop, supplier);
    }
    call(
        () ->
            allocation(shop)
                .setProductRoute(
                    shop.id(),
                    "tee",
                    new RuleRequest().supplierId(first.id()).backups(Set.of(backup.id()))));
    route(shop, "cap", first);
    call(
        () ->
            allocation(shop)
                .setSkuRoute(
                    shop.id(), "cap", "cap-red", new RuleRequest().supplierId(skuSupplier.id())));
    Allocation table = call(() -> allocation(shop).getAllocation(shop.id()));
    assertEquals(
        skuSupplier.id(), table.getSkuRoutes().get("cap").get("cap-red"), table.toString());
    assertEquals(3, table.getRules().size(), table.toString());
    assertEquals(Set.of(backup.id()), table.getRules().get(1).getBackups(), table.toString());

    String orderId = nextOrderId();
    place(OrderBodies.model(orderId, shop.id(), "tee", "cap", "mug"));
    OrderRouting explained = routingShowing(orderId, shop, "1", AppliedRule.KindEnum.SPU);
    List<RoutedLine> lines = explained.getLines();
    assertEquals(
        table.getRules().get(1).getSetAt(),
        lines.get(0).getRule().getSetAt(),
        "the SPU rule's time, as set");
    assertEquals(skuSupplier.id(), lines.get(1).getSupplierId());
    assertEquals(AppliedRule.KindEnum.SKU, lines.get(1).getRule().getKind());
    assertEquals(AppliedRule.KindEnum.NONE, lines.get(2).getRule().getKind());
    assertEquals(RoutedLine.ManualReasonEnum.NO_RULE_FOR_SPU, lines.get(2).getManualReason());
    refused(403, "FORBIDDEN", () -> orders(first.key()).getOrderRouting(orderId, null));

    // The first supplier rejects the tee: it goes to the backup, which sees it on its list.
    call(
        () ->
            suppliers(first)
                .rejectOrder(first.id(), orderId, null, new RejectRequest().reason("none")));
    RoutedLine hop =
        routingShowing(orderId, shop, "1", AppliedRule.KindEnum.BACKUP).getLines().get(0);
    assertEquals(backup.id(), hop.getSupplierId());
    assertEquals(1, hop.getRule().getHop());
    assertEquals(first.id(), hop.getRejections().get(0).getSupplierId());
    Calls.eventually(() -> supplierOrders(backup, null, null, null), page -> lists(page, orderId));

    // The backup rejects it too: the chain is exhausted, the line waits for the shop.
    call(
        () ->
            suppliers(backup)
                .rejectOrder(backup.id(), orderId, null, new RejectRequest().reason("none")));
    OrderRouting queued = routingShowing(orderId, shop, "1", AppliedRule.KindEnum.NONE);
    RoutedLine waiting = queued.getLines().get(0);
    assertEquals(RoutedLine.ManualReasonEnum.REJECTED_BY_SUPPLIER, waiting.getManualReason());
    assertEquals(2, waiting.getRejections().size(), queued.toString());
    assertEquals(backup.id(), waiting.getRejections().get(1).getSupplierId());
    assertEquals(
        AppliedRule.KindEnum.SKU,
        queued.getLines().get(1).getRule().getKind(),
        "the other lines stay");
  }

  /**
   * Issue 15: after the shop changes a rule, a dry run names the lines that would move, and the
   * reroute moves them: withdrawn from the supplier that had not accepted them, sent to the new
   * rule's supplier; an accepted line never moves.
   */
  @Test
  void shouldRerouteOpenLinesUnderChangedRulesButNeverAcceptedOnes() {
    Account shop = newShop();
    Account before = newSupplier();
    Account after = newSupplier();
    bind(shop, before);
    bind(shop, after);
    route(shop, "tee", before);
    String open = nextOrderId();
    String accepted = nextOrderId();
    place(OrderBodies.model(open, shop.id(), "tee"));
    place(OrderBodies.model(accepted, shop.id(), "tee"));
    accept(before, accepted);
    Calls.eventually(
        () -> supplierOrders(before, "ALLOCATED", null, null),
        page -> lists(page, open) && !lists(page, accepted));
    route(shop, "tee", after);

    ReroutePlan dry = call(() -> allocation(shop).rerouteOpenLines(shop.id(), true, null, null));
    assertTrue(dry.getDryRun(), dry.toString());
    assertEquals(1, dry.getMoves().size(), dry.toString());
    assertEquals(open, dry.getMoves().get(0).getOrderId());
    assertEquals(before.id(), dry.getMoves().get(0).getFrom());
    assertEquals(after.id(), dry.getMoves().get(0).getTo());
    assertNull(dry.getMoves().get(0).getMoved(), "a dry run moves nothing");
    // A value the document's boolean cannot carry: only the plain client can send it.
    assertEquals(
        422,
        api.post("/v1/shops/" + shop.id() + "/allocation/reroute?dryRun=maybe", shop.key(), null)
            .status());

    ReroutePlan moved = call(() -> allocation(shop).rerouteOpenLines(shop.id(), null, null, null));
    assertTrue(moved.getMoves().get(0).getMoved(), moved.toString());
    OrderRouting explained =
        Calls.eventually(
            () -> orders(shop.key()).getOrderRouting(open, null),
            routing -> after.id().equals(routing.getLines().get(0).getSupplierId()));
    assertEquals(
        AppliedRule.KindEnum.SPU,
        explained.getLines().get(0).getRule().getKind(),
        "the new rule's decision");
    Calls.eventually(() -> supplierOrders(after, null, null, null), page -> lists(page, open));
    Calls.eventually(
        () -> supplierOrders(before, "WITHDRAWN", null, null), page -> lists(page, open));
    ReroutePlan again = call(() -> allocation(shop).rerouteOpenLines(shop.id(), true, null, null));
    assertEquals(0, again.getMoves().size(), "nothing left to move: " + again);
  }

  /**
   * Issue 15: the carrier's reports move a shipped order on (never back), the shop sees them on its
   * order, and a receipt is never dated before the delivery.
   */
  @Test
  void shouldTrackLogisticsAndCheckReceiptsAgainstTheDelivery() {
    Account shop = newShop();
    Account supplier = newSupplier();
    bind(shop, supplier);
    route(shop, "tee", supplier);
    String orderId = nextOrderId();
    place(OrderBodies.model(orderId, shop.id(), "tee"));
    Calls.eventually(
        () -> suppliers(supplier).acceptOrder(supplier.id(), orderId, null), ok -> true);
    refused(
        409,
        "ILLEGAL_TRANSITION",
        () -> report(supplier, orderId, LogisticsReport.StatusEnum.COLLECTED, "2026-11-12T09:00"));
    ship(supplier, orderId, "SF9");
    call(
        () -> report(supplier, orderId, LogisticsReport.StatusEnum.IN_TRANSIT, "2026-11-12T10:00"));
    // A late, earlier report is taken and changes nothing (the view below shows DELIVERED).
    call(() -> report(supplier, orderId, LogisticsReport.StatusEnum.COLLECTED, "2026-11-12T08:00"));
    call(() -> report(supplier, orderId, LogisticsReport.StatusEnum.DELIVERED, "2026-11-13T15:00"));
    OrderView order =
        Calls.eventually(
            () -> orders(shop.key()).getOrder(orderId, null),
            view ->
                view.getLines().get(0).getLogistics() != null
                    && view.getLines().get(0).getLogistics().getStatus()
                        == LatestLogistics.StatusEnum.DELIVERED);
    assertEquals("SF9", order.getLines().get(0).getTrackingNo());

    Problem early =
        refused(
            422,
            "VALIDATION",
            () ->
                confirmReceipt(
                    supplier, orderId, OffsetDateTime.parse("2026-11-13T14:00:00+08:00")));
    assertEquals("receivedAt", early.getField());
    call(
        () -> confirmReceipt(supplier, orderId, OffsetDateTime.parse("2026-11-13T18:00:00+08:00")));

    // The shop looks at the supplier's scorecard: this month's line, accepted, shipped, delivered.
    Scorecard card =
        call(
            () ->
                new SuppliersApi(server.client(shop.key()))
                    .getSupplierScorecard(supplier.id(), null));
    assertEquals(1, card.getLines(), card.toString());
    assertEquals(1, card.getAccepted(), card.toString());
    assertEquals(1, card.getShipped(), card.toString());
    assertEquals(1, card.getDelivered(), card.toString());
    assertNull(card.getStars(), "one line is too few to rate: " + card);
  }

  private io.daifa.client.model.LogisticsRecorded report(
      Account supplier, String orderId, LogisticsReport.StatusEnum status, String shanghaiTime)
      throws ApiException {
    return orders(INGEST)
        .reportLogistics(
            orderId,
            null,
            new LogisticsReport()
                .supplierId(supplier.id())
                .status(status)
                .at(OffsetDateTime.parse(shanghaiTime + ":00+08:00")));
  }

  /**
   * Platform order IDs are unique only within a shop. Two shops sending the same ID, through the
   * same supplier and agency, keep two orders: their lines, the supplier's list and actions, and
   * the agency's GMV never mix, and a request that does not say which shop it means is refused.
   */
  @Test
  void shouldKeepTwoShopsOrdersWithTheSameOrderIdApart() {
    Account agency = newAgency(CreateAgencyRequest.KindEnum.INDIVIDUAL);
    Account supplier = newSupplier();
    Account shopA = newShop();
    Account shopB = newShop();
    bind(shopA, supplier);
    bind(shopB, supplier);
    route(shopA, "spu-a", supplier);
    route(shopB, "spu-a", supplier);
    String orderId = nextOrderId();
    for (Account shop : List.of(shopA, shopB)) {
      OrderReceipt taken =
          place(OrderBodies.model(orderId, shop.id(), "spu-a", "spu-b").agencyId(agency.id()));
      assertEquals(OrderReceipt.StatusEnum.PAID, taken.getStatus(), "a new order for each shop");
    }

    ApiClientAwait.until(() -> statusOf(() -> orders(INGEST).getOrder(orderId, null)) == 409);
    refused(409, "ORDER_ID_AMBIGUOUS", () -> orders(INGEST).getOrder(orderId, null));
    for (Account shop : List.of(shopA, shopB)) {
      OrderView view =
          Calls.eventually(
              () -> orders(INGEST).getOrder(orderId, shop.id()), v -> v.getLines().size() == 2);
      assertEquals(shop.id(), view.getShopId());
      OrderView own = call(() -> orders(shop.key()).getOrder(orderId, null));
      assertEquals(shop.id(), own.getShopId(), "a shop sees its own order");
      assertEquals(2, own.getLines().size());
    }

    SupplierOrdersPage first =
        Calls.eventually(
            () -> supplierOrders(supplier, null, null, 1), page -> page.getOrders().size() == 1);
    SupplierOrdersPage second =
        Calls.eventually(
            () -> supplierOrders(supplier, null, first.getNext(), 1),
            page -> page.getOrders().size() == 1);
    assertEquals(
        Set.of(shopA.id(), shopB.id()),
        Set.of(first.getOrders().get(0).getShopId(), second.getOrders().get(0).getShopId()),
        "the supplier lists both shops' orders, one page each");

    refused(
        409,
        "ORDER_ID_AMBIGUOUS",
        () -> suppliers(supplier).acceptOrder(supplier.id(), orderId, null));
    call(() -> suppliers(supplier).acceptOrder(supplier.id(), orderId, shopA.id()));
    orderShowing(orderId, shopA.id(), Map.of("1", "ACCEPTED", "2", "PAID"));
    orderShowing(orderId, shopB.id(), Map.of("1", "ALLOCATED", "2", "PAID"));

    Agency gmv =
        Calls.eventually(
            () -> agencies(ADMIN).getAgency(agency.id(), "2026-11"),
            a -> a.getGmvByMonth().getOrDefault("2026-11", 0L) >= 4 * 19_800);
    assertEquals(4 * 19_800, gmv.getGmvByMonth().get("2026-11"), "both shops' lines count");
  }

  @Test
  void shouldRefundAndDisputeLinesWhereverTheyAre() {
    Account shop = newShop();
    Account supplier = newSupplier();
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    String orderId = nextOrderId();
    place(OrderBodies.model(orderId, shop.id(), "spu-a", "spu-a", "spu-x"));
    accept(supplier, orderId);
    ship(supplier, orderId, "SF9");
    orderShowing(orderId, Map.of("1", "SHIPPED", "2", "SHIPPED", "3", "PAID"));

    RefundRequest refund = refund(OffsetDateTime.parse("2026-11-15T10:00:00+08:00"), "2", "3");
    call(() -> afterSales().refundLines(orderId, null, refund));
    call(() -> afterSales().refundLines(orderId, null, refund)); // a repeat changes nothing
    assertEquals(
        0,
        call(() -> allocation(shop).listManualQueue(shop.id())).size(),
        "the queued line left the queue");

    call(
        () ->
            afterSales()
                .setDispute(orderId, null, new DisputeRequest().lineIds(List.of("1")).open(true)));
    OffsetDateTime nov16 = OffsetDateTime.parse("2026-11-16T10:00:00+08:00");
    refused(409, "ILLEGAL_TRANSITION", () -> confirmReceipt(supplier, orderId, nov16));
    orderShowing(orderId, Map.of("1", "DISPUTED", "2", "REFUNDED", "3", "REFUNDED"));

    call(
        () ->
            afterSales()
                .setDispute(orderId, null, new DisputeRequest().lineIds(List.of("1")).open(false)));
    // The closed dispute returned the line to SHIPPED.
    call(() -> confirmReceipt(supplier, orderId, nov16));
    orderShowing(orderId, Map.of("1", "RECEIVED", "2", "REFUNDED", "3", "REFUNDED"));
    // After receipt the order is closed at the supplier, and can still be refunded.
    call(
        () ->
            afterSales()
                .refundLines(
                    orderId, null, refund(OffsetDateTime.parse("2026-11-20T10:00:00+08:00"), "1")));
    Calls.eventually(
        () -> supplierOrders(supplier, "REFUNDED", null, null),
        page -> page.getOrders().size() == 1);
  }

  /** NDJSON: the plain client sends the stream, a bad line among the orders, as a marketplace. */
  @Test
  void shouldStreamOneResultPerOrderInOrderAndGoOnAfterABadLine() {
    Account shop = newShop();
    Account supplier = newSupplier();
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    StringBuilder ndjson = new StringBuilder();
    List<String> expected = new ArrayList<>();
    String reused = nextOrderId();
    for (int i = 0; i < 300; i++) {
      if (i == 100) {
        ndjson.append("{not json\n");
        expected.add("error:VALIDATION");
      } else if (i == 200) {
        ndjson.append(OrderBodies.order(reused, shop.id(), "spu-b")).append('\n');
        expected.add("error:ORDER_ID_REUSED");
      } else {
        String orderId = i == 10 ? reused : nextOrderId();
        ndjson.append(OrderBodies.order(orderId, shop.id(), "spu-a")).append('\n');
        expected.add(orderId);
      }
    }
    Answer answer =
        api.send(
            "POST",
            "/v1/orders/stream",
            INGEST,
            ndjson.toString().getBytes(),
            "application/x-ndjson",
            null);
    assertEquals(200, answer.status(), answer.toString());
    assertTrue(answer.contentType().startsWith("application/x-ndjson"), answer.contentType());
    List<String> got = new ArrayList<>();
    for (String line : answer.body().split("\n")) {
      JsonNode result;
      try {
        result = ApiClient.JSON.readTree(line);
      } catch (java.io.IOException e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
      got.add(
          result.has("error")
              ? "error:" + result.get("error").get("code").asText()
              : result.get("orderId").asText());
      if (!result.has("error")) {
        assertEquals("ALLOCATED", result.get("status").asText(), line);
      }
    }
    assertEquals(expected, got, "one result per line, in order");
  }

  private double metric(String name) {
    for (String line : api.get("/metrics", null).body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return 0;
  }

  @Test
  void shouldGroupAHotShopsConcurrentOrdersIntoFewWrites() throws Exception {
    Account shop = newShop();
    Account supplier = newSupplier();
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    double writesBefore = metric("daifa_intake_persist_seconds_count");
    int orders = 200;
    // All orders leave at once: how many share a write is their arrival rate times the time a
    // write takes, and a burst keeps the arrival rate high however slow the machine is.
    ExecutorService pool = Executors.newFixedThreadPool(orders);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<OrderReceipt>> answers = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        Order order = OrderBodies.model(nextOrderId(), shop.id(), "spu-a");
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return place(order);
                }));
      }
      start.countDown();
      for (Future<OrderReceipt> answer : answers) {
        assertEquals(OrderReceipt.StatusEnum.ALLOCATED, answer.get().getStatus());
      }
    } finally {
      pool.shutdownNow();
    }
    double writes = metric("daifa_intake_persist_seconds_count") - writesBefore;
    // An order a write would be 200 writes. How many fewer depends on the machine: a write to the
    // intake log lands in a few ms, so a loaded 2-core box groups 2 to 4 orders a write
    // (IngestBatcherTest proves the grouping itself, without timing). Three quarters leaves room
    // for a slow box and still fails if orders stop sharing writes.
    assertTrue(
        writes >= 1 && writes <= orders * 3 / 4, orders + " orders took " + writes + " writes");
  }

  // ---- accounts and operations ----------------------------------------------------------------

  @Test
  void shouldAnswerARetriedCreationWithTheFirstAnswer() {
    String key = "retry-" + System.nanoTime();
    AccountsApi platform = new AccountsApi(server.client(ADMIN));
    CreateSupplierRequest request =
        new CreateSupplierRequest()
            .name("Co")
            .identity(CreateSupplierRequest.IdentityEnum.SUPPLIER);
    CreatedSupplier first = call(() -> platform.createSupplier(key, request));
    CreatedSupplier retry = call(() -> platform.createSupplier(key, request));
    assertEquals(first, retry, "the same supplier and key, never a second supplier");
    CreatedSupplier other = call(() -> platform.createSupplier(key + "x", request));
    assertNotEquals(first.getSupplierId(), other.getSupplierId());
  }

  /** HTML, scripts and styles: the plain client. */
  @Test
  void shouldServeSwaggerUiOnItsOwnDocumentWithoutACdn() {
    Answer bare = api.get("/docs", null);
    assertEquals(301, bare.status(), bare.toString());
    assertEquals("/docs/", bare.raw().headers().firstValue("Location").orElse(""));
    Answer page = api.get("/docs/", null);
    assertEquals(200, page.status(), page.toString());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    // Every script and style the page loads is served here, none from elsewhere.
    java.util.regex.Matcher assets =
        java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
    int loaded = 0;
    while (assets.find()) {
      String asset = assets.group(1);
      assertFalse(asset.contains("//"), "no CDN: " + asset);
      Answer served = api.get("/docs/" + asset, null);
      assertEquals(200, served.status(), asset + " -> " + served);
      loaded++;
    }
    assertEquals(4, loaded, "a style and three scripts");
    assertTrue(api.get("/docs/init.js", null).body().contains("../openapi.yaml"));
    assertEquals(404, api.get("/docs/no-such-file.js", null).status());
  }

  @Test
  void shouldServeHealthReadinessAndMetrics() {
    OperationsApi operations = new OperationsApi(server.client(null));
    assertEquals("UP", call(operations::health).getStatus().getValue());
    assertEquals("READY", call(operations::readiness).getStatus().getValue());
    Account shop = newShop();
    String orderId = nextOrderId();
    place(OrderBodies.model(orderId, shop.id(), "spu-1"));
    Calls.eventually(() -> orders(shop.key()).getOrder(orderId, null), view -> true);
    // The Prometheus text: the plain client reads it.
    String metrics = api.get("/metrics", null).body();
    assertTrue(metrics.contains("daifa_orders_routed_total{outcome=\"manual\"}"), metrics);
    assertTrue(metric("daifa_manual_queue_lines") >= 1, "the shop's queued line is counted");
    assertTrue(metric("daifa_intake_persist_seconds_count") >= 1, "persist latency is recorded");
    assertTrue(
        metrics.contains(
                "daifa_http_server_requests_seconds_count{method=\"POST\",route=\"/v1/orders\",status=\"202\"}")
            || metrics.contains("route=\"/v1/orders\""),
        "HTTP latency by route and status");
    double slowest = 0;
    for (int slice = 0; slice < 4; slice++) {
      slowest = Math.max(slowest, metric("daifa_read_side_delay_seconds{slice=\"" + slice + "\"}"));
    }
    assertTrue(
        slowest > 0 && slowest < 60,
        "the read side reports how old the events of its last group were: " + slowest);
    assertEquals(1.0, metric("daifa_cluster_members"), "one router up in this test's cluster");
    // The node counts the shops' shards it hosts (asked of its region every 10 s).
    ApiClientAwait.until(() -> metric("daifa_sharding_shards{entity=\"Shop\"}") >= 1);
    assertEquals(
        List.of(),
        dashboardMetricsMissingFrom(
            api.get("/metrics", null).body(), name -> !name.startsWith("daifa_kafka_")),
        "metrics the Grafana dashboard (deploy/grafana) queries that the router does not export"
            + " (Kafka ingest's: KafkaIngestIT)");
  }

  /**
   * The metric names in the dashboard's queries, of those {@code checked}, missing from a scrape.
   */
  static List<String> dashboardMetricsMissingFrom(
      String scrape, java.util.function.Predicate<String> checked) {
    String dashboard;
    try {
      dashboard =
          java.nio.file.Files.readString(
              java.nio.file.Path.of("deploy/grafana/daifa-dashboard.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    java.util.regex.Matcher names =
        java.util.regex.Pattern.compile("\\b((?:daifa|jvm|process)_[a-z_]+)\\b").matcher(dashboard);
    java.util.Set<String> queried = new java.util.TreeSet<>();
    while (names.find()) {
      queried.add(names.group(1));
    }
    assertTrue(queried.size() >= 8, "metrics queried: " + queried);
    return queried.stream()
        .filter(checked)
        .filter(name -> !scrape.contains("\n" + name + "{") && !scrape.contains("\n" + name + " "))
        .toList();
  }

  @Test
  void shouldTrackAnAgencysGmvDepositsViolationsAndStanding() {
    Account agency = newAgency(CreateAgencyRequest.KindEnum.INDIVIDUAL);
    String month = "2026-12";
    Agency fresh = agency(agency, agency.key(), month);
    assertEquals("ZERO_DEPOSIT", fresh.getStanding());
    assertTrue(fresh.getZeroDepositEligible());
    assertEquals(Agency.KindEnum.INDIVIDUAL, fresh.getKind());
    assertEquals(2_000_000, fresh.getRequiredDeposit(), "20,000 CNY below 500k GMV");
    assertEquals(0, fresh.getShortfall(), "not in the deposit regime");
    assertEquals(500_000_000, fresh.getQuarter().getCashCapRemaining());

    // A promoter order: its paid amount counts in November's GMV (read from the order feed).
    Account shop = newShop();
    Account supplier = newSupplier();
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    Order order =
        OrderBodies.model(nextOrderId(), shop.id(), "spu-a", "spu-b").agencyId(agency.id());
    place(order);
    Agency credited =
        Calls.eventually(
            () -> agencies(agency.key()).getAgency(agency.id(), month),
            a -> a.getGmvByMonth().getOrDefault("2026-11", 0L) > 0);
    assertEquals(2 * 19_800, credited.getGmvByMonth().get("2026-11"));
    place(order); // a resend is answered again

    DepositRequest million = new DepositRequest().amount(1_000_000L);
    call(() -> agencies(ADMIN).recordDeposit(agency.id(), null, million));
    Agency partly = agency(agency, ADMIN, month);
    assertEquals("SHORTFALL", partly.getStanding());
    assertEquals(1_000_000, partly.getShortfall());
    // The second deposit is sent twice with its Idempotency-Key (a retry after a lost answer).
    for (int attempt = 0; attempt < 2; attempt++) {
      call(() -> agencies(ADMIN).recordDeposit(agency.id(), "deposit-2", million));
    }
    assertEquals(2_000_000, agency(agency, ADMIN, month).getPaidDeposit(), "once");
    refused(
        422,
        "IDEMPOTENCY_KEY_REUSED",
        () ->
            agencies(ADMIN)
                .recordDeposit(agency.id(), "deposit-2", new DepositRequest().amount(5L)));
    assertEquals("DEPOSIT_COVERED", agency(agency, ADMIN, month).getStanding());

    ViolationStatus violation =
        call(
            () ->
                agencies(ADMIN)
                    .recordViolation(
                        agency.id(), null, new ViolationRequest().reason("fake orders")));
    assertEquals(ViolationStatus.StatusEnum.OPEN, violation.getStatus());
    assertEquals("RESTRICTED", agency(agency, ADMIN, month).getStanding());
    call(() -> agencies(ADMIN).clearViolation(agency.id(), violation.getViolationId()));
    Agency cleared = agency(agency, agency.key(), month);
    assertEquals("DEPOSIT_COVERED", cleared.getStanding());
    assertFalse(cleared.getZeroDepositEligible(), "gone for good");
    assertEquals(
        Map.of("2026-11", 2L * 19_800), cleared.getGmvByMonth(), "the resend counted once");
  }

  @Test
  void shouldApplyADepositPolicyVersionFromItsMonthOnly() {
    Account agency = newAgency(CreateAgencyRequest.KindEnum.BUSINESS);
    PoliciesApi policies = new PoliciesApi(server.client(ADMIN));
    int before = call(policies::listDepositTiers).size();
    DepositTiersRequest version =
        new DepositTiersRequest()
            .effectiveFrom("2099-01")
            .base(1_000_000L)
            .tiers(List.of(new DepositTier().fromGmv(100L).topUp(7L)));
    DepositTierVersion added = call(() -> policies.addDepositTiers(version));
    assertEquals(added, call(() -> policies.addDepositTiers(version)), "a resend");
    refused(
        409,
        "ALREADY_EXISTS",
        () ->
            policies.addDepositTiers(
                new DepositTiersRequest().effectiveFrom("2099-01").base(5L).tiers(List.of())));
    List<DepositTierVersion> versions = call(policies::listDepositTiers);
    assertEquals(before + 1, versions.size());
    assertEquals("2020-01", versions.get(0).getEffectiveFrom(), "the old flat rule");
    assertEquals(20_000_000, versions.get(0).getBase());
    assertEquals(1_000_000, agency(agency, ADMIN, "2099-01").getRequiredDeposit());
    assertEquals(
        2_000_000,
        agency(agency, ADMIN, "2098-12").getRequiredDeposit(),
        "the month before keeps the version in force then");
  }

  /** The IDs of the shop entities running on the test node. */
  private Set<String> shopEntityIds() {
    var system = server.node.system();
    TestProbe<CurrentShardRegionState> probe = TestProbe.create(system);
    ClusterSharding.get(system)
        .shardState()
        .tell(new GetShardRegionState(ShopEntity.ENTITY_TYPE_KEY, probe.getRef()));
    Set<String> ids = new HashSet<>();
    probe.receiveMessage().getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
    return ids;
  }
}
