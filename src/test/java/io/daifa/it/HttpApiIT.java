package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.it.ApiClient.Answer;
import io.daifa.shop.ShopEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API against a real bound server on the real Cassandra: whole flows, an authorization
 * matrix, a table of bad input, and the OpenAPI document checked against the bound routes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiIT {

  private static final String ADMIN = HttpTestServer.ADMIN;
  private static final String INGEST = HttpTestServer.INGEST;

  private HttpTestServer server;
  private ApiClient api;
  private int orders;

  record Account(String id, String key) {}

  @BeforeAll
  void start() throws Exception {
    server = new HttpTestServer("http");
    api = server.api;
  }

  @AfterAll
  void stop() {
    server.close();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Account newShop() {
    Answer created = api.post("/v1/shops", ADMIN, "{\"name\":\"Tea House\"}");
    assertEquals(201, created.status(), created.toString());
    return new Account(created.text("shopId"), created.text("apiKey"));
  }

  private Account newSupplier(String identity) {
    Answer created =
        api.post("/v1/suppliers", ADMIN, "{\"name\":\"Co\",\"identity\":\"" + identity + "\"}");
    assertEquals(201, created.status(), created.toString());
    assertEquals(identity.equals("SUPPLIER"), created.json().get("validSupplierId").asBoolean());
    return new Account(created.text("supplierId"), created.text("apiKey"));
  }

  private String invite(Account shop) {
    Answer invite = api.post("/v1/shops/" + shop.id() + "/invites", shop.key(), null);
    assertEquals(201, invite.status(), invite.toString());
    return invite.text("token");
  }

  private void bind(Account shop, Account supplier) {
    Answer accepted =
        api.post(
            "/v1/suppliers/" + supplier.id() + "/invites/" + invite(shop) + "/accept",
            supplier.key(),
            null);
    assertEquals(200, accepted.status(), accepted.toString());
  }

  private void route(Account shop, String spuId, Account supplier) {
    Answer set =
        api.put(
            "/v1/shops/" + shop.id() + "/allocation/products/" + spuId,
            shop.key(),
            "{\"supplierId\":\"" + supplier.id() + "\"}");
    assertEquals(200, set.status(), set.toString());
  }

  private String nextOrderId() {
    return "it-" + System.nanoTime() + "-" + ++orders;
  }

  private static Answer eventually(Supplier<Answer> call, java.util.function.Predicate<Answer> ok) {
    return ApiClientAwait.answer(call, ok, Duration.ofMillis(200));
  }

  /**
   * The order's view once its lines show these statuses. Its rows come from the shop's and the
   * suppliers' events, which different projection instances write in any order, so a view can show
   * some lines before others: waiting for one status alone is not enough.
   */
  private JsonNode orderShowing(String orderId, Map<String, String> statusOfLine) {
    return eventually(
            () -> api.get("/v1/orders/" + orderId, INGEST),
            a -> a.status() == 200 && statusOfLine.equals(lineStatuses(a.json())))
        .json();
  }

  private static Map<String, String> lineStatuses(JsonNode order) {
    Map<String, String> statuses = new TreeMap<>();
    order
        .get("lines")
        .forEach(l -> statuses.put(l.get("lineId").asText(), l.get("status").asText()));
    return statuses;
  }

  private static void assertProblem(Answer answer, int status, String code) {
    assertEquals(status, answer.status(), answer.toString());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    assertEquals(code, answer.code(), answer.toString());
  }

  // ---- binding --------------------------------------------------------------------------------

  @Test
  void shouldBindByInviteAndRefuseExpiredReusedAndForeignTokens() {
    Account shop = newShop();
    Account other = newShop();
    Account first = newSupplier("SUPPLIER");
    Account second = newSupplier("SUPPLIER");
    Account merchant = newSupplier("SHOP_MERCHANT");

    String token = invite(shop);
    Answer qr = api.get("/v1/invites/" + token + "/qr.png", shop.key());
    assertEquals(200, qr.status());
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(qr.raw().body(), 4), "a PNG");
    assertProblem(api.get("/v1/invites/" + token + "/qr.png", other.key()), 403, "FORBIDDEN");

    assertProblem(
        api.post(
            "/v1/suppliers/" + merchant.id() + "/invites/" + token + "/accept",
            merchant.key(),
            null),
        422,
        "INVALID_SUPPLIER_ID");
    Answer accepted =
        api.post(
            "/v1/suppliers/" + first.id() + "/invites/" + token + "/accept", first.key(), null);
    assertEquals(200, accepted.status(), accepted.toString());
    assertEquals("ACTIVE", accepted.text("status"));
    assertEquals(shop.id(), accepted.text("shopId"));
    assertProblem(
        api.post(
            "/v1/suppliers/" + second.id() + "/invites/" + token + "/accept", second.key(), null),
        409,
        "INVITE_USED");
    String forged = shop.id() + ".not-a-real-secret";
    assertProblem(
        api.post(
            "/v1/suppliers/" + second.id() + "/invites/" + forged + "/accept", second.key(), null),
        404,
        "INVITE_UNKNOWN");

    // A made-up token naming a shop that was never created: refused before any shop entity starts
    // (a remembered entity would be restarted on every boot).
    String madeUp = "shp_nosuchshopatallxxxxx.c2VjcmV0";
    assertProblem(
        api.post(
            "/v1/suppliers/" + second.id() + "/invites/" + madeUp + "/accept", second.key(), null),
        404,
        "INVITE_UNKNOWN");
    assertFalse(shopEntityIds().contains("shp_nosuchshopatallxxxxx"), "no shop entity was started");

    String late = invite(shop);
    server.clock.advance(Duration.ofDays(7).plusSeconds(1));
    assertProblem(
        api.post(
            "/v1/suppliers/" + second.id() + "/invites/" + late + "/accept", second.key(), null),
        410,
        "INVITE_EXPIRED");

    JsonNode bound = api.get("/v1/shops/" + shop.id() + "/suppliers", shop.key()).json();
    assertEquals(1, bound.size());
    assertEquals(first.id(), bound.get(0).get("supplierId").asText());
    assertEquals("INVITE", bound.get(0).get("via").asText());
  }

  @Test
  void shouldBindByApplicationApprovedOnlyByTheAddressedSupplier() {
    Account shop = newShop();
    Account supplier = newSupplier("SUPPLIER");
    Account stranger = newSupplier("SUPPLIER");
    Account merchant = newSupplier("SHOP_MERCHANT");
    String apply = "/v1/shops/" + shop.id() + "/binding-requests";

    assertProblem(
        api.post(apply, shop.key(), "{\"supplierId\":\"" + merchant.id() + "\"}"),
        422,
        "INVALID_SUPPLIER_ID");
    assertProblem(
        api.post(apply, shop.key(), "{\"supplierId\":\"sup_aaaaaaaaaaaaaaaaaaaa\"}"),
        422,
        "INVALID_SUPPLIER_ID");
    assertProblem(
        api.post(apply, shop.key(), "{\"supplierId\":\"nonsense\"}"), 422, "INVALID_SUPPLIER_ID");

    Answer applied = api.post(apply, shop.key(), "{\"supplierId\":\"" + supplier.id() + "\"}");
    assertEquals(201, applied.status(), applied.toString());
    assertEquals("PENDING", applied.text("status"));
    String requestId = applied.text("requestId");
    JsonNode listed =
        api.get("/v1/suppliers/" + supplier.id() + "/binding-requests", supplier.key()).json();
    assertEquals(requestId, listed.get(0).get("requestId").asText());
    assertEquals(shop.id(), listed.get(0).get("shopId").asText());

    // Another supplier cannot approve it, through its own path or through the addressee's.
    assertProblem(
        api.post(
            "/v1/suppliers/" + stranger.id() + "/binding-requests/" + requestId + "/approve",
            stranger.key(),
            null),
        404,
        "NOT_FOUND");
    assertProblem(
        api.post(
            "/v1/suppliers/" + supplier.id() + "/binding-requests/" + requestId + "/approve",
            stranger.key(),
            null),
        403,
        "FORBIDDEN");
    assertEquals(0, api.get("/v1/shops/" + shop.id() + "/suppliers", shop.key()).json().size());

    Answer approved =
        api.post(
            "/v1/suppliers/" + supplier.id() + "/binding-requests/" + requestId + "/approve",
            supplier.key(),
            null);
    assertEquals(200, approved.status(), approved.toString());
    assertEquals("APPROVED", approved.text("status"));
    eventually(
        () -> api.get("/v1/shops/" + shop.id() + "/suppliers", shop.key()),
        a -> a.json().size() == 1 && a.json().get(0).get("via").asText().equals("APPLICATION"));

    assertEquals(
        204,
        api.delete("/v1/shops/" + shop.id() + "/suppliers/" + supplier.id(), supplier.key())
            .status());
    assertEquals(0, api.get("/v1/shops/" + shop.id() + "/suppliers", shop.key()).json().size());
  }

  // ---- allocation -----------------------------------------------------------------------------

  @Test
  void shouldKeepOneModeAtATime() {
    Account shop = newShop();
    Account a = newSupplier("SUPPLIER");
    Account b = newSupplier("SUPPLIER");
    bind(shop, a);
    bind(shop, b);
    String mode = "/v1/shops/" + shop.id() + "/allocation/mode";

    assertProblem(
        api.put(
            mode,
            shop.key(),
            "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"sup_aaaaaaaaaaaaaaaaaaaa\"}"),
        422,
        "NOT_BOUND");
    route(shop, "spu-1", a);
    Answer conflict =
        api.put(mode, shop.key(), "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"" + b.id() + "\"}");
    assertProblem(conflict, 409, "MODE_CONFLICT");
    assertTrue(conflict.text("detail").contains("BY_PRODUCT"), conflict.toString());

    Answer switched =
        api.put(
            mode,
            shop.key(),
            "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\""
                + b.id()
                + "\",\"dropProductRoutes\":true}");
    assertEquals(200, switched.status(), switched.toString());
    assertEquals(1, switched.json().get("droppedProductRoutes").asInt());
    Answer productInWholeShop =
        api.put(
            "/v1/shops/" + shop.id() + "/allocation/products/spu-2",
            shop.key(),
            "{\"supplierId\":\"" + a.id() + "\"}");
    assertProblem(productInWholeShop, 409, "MODE_CONFLICT");
    assertTrue(productInWholeShop.text("detail").contains("WHOLE_SHOP"));

    JsonNode allocation = api.get("/v1/shops/" + shop.id() + "/allocation", shop.key()).json();
    assertEquals("WHOLE_SHOP", allocation.get("mode").asText());
    assertEquals(b.id(), allocation.get("wholeShopSupplierId").asText());
    assertEquals(0, allocation.get("productRoutes").size());
  }

  // ---- orders ---------------------------------------------------------------------------------

  @Test
  void shouldSplitQueueAssignAndDeduplicateOrders() {
    Account shop = newShop();
    Account a = newSupplier("SUPPLIER");
    Account b = newSupplier("SUPPLIER");
    bind(shop, a);
    bind(shop, b);
    route(shop, "spu-a", a);
    route(shop, "spu-b", b);

    String orderId = nextOrderId();
    String body = OrderBodies.order(orderId, shop.id(), "spu-a", "spu-b", "spu-x");
    Answer routed = api.post("/v1/orders", INGEST, body);
    assertEquals(202, routed.status(), routed.toString());
    assertEquals("PAID", routed.text("status"));
    assertEquals(2, routed.json().get("dropshipOrders").size());
    assertEquals("[\"3\"]", routed.json().get("manualLineIds").toString());

    Answer again = api.post("/v1/orders", INGEST, body);
    assertEquals(202, again.status());
    assertEquals(routed.json(), again.json(), "a resend answers the first result");
    assertProblem(
        api.post("/v1/orders", INGEST, OrderBodies.order(orderId, shop.id(), "spu-b")),
        409,
        "ORDER_ID_REUSED");

    JsonNode queue = api.get("/v1/shops/" + shop.id() + "/manual-queue", shop.key()).json();
    assertEquals(1, queue.size());
    assertEquals("NO_RULE_FOR_SPU", queue.get(0).get("reason").asText());
    String assign = "/v1/shops/" + shop.id() + "/orders/" + orderId + "/lines/3/assign";
    assertProblem(
        api.post(assign, shop.key(), "{\"supplierId\":\"sup_aaaaaaaaaaaaaaaaaaaa\"}"),
        422,
        "NOT_BOUND");
    assertEquals(200, api.post(assign, shop.key(), "{\"supplierId\":\"" + a.id() + "\"}").status());
    assertEquals(0, api.get("/v1/shops/" + shop.id() + "/manual-queue", shop.key()).json().size());
    assertProblem(
        api.post(assign, shop.key(), "{\"supplierId\":\"" + a.id() + "\"}"),
        409,
        "LINE_NOT_IN_MANUAL_QUEUE");

    JsonNode read =
        orderShowing(orderId, Map.of("1", "ALLOCATED", "2", "ALLOCATED", "3", "ALLOCATED"));
    Map<String, String> supplierOfLine = new HashMap<>();
    read.get("lines")
        .forEach(l -> supplierOfLine.put(l.get("lineId").asText(), l.get("supplierId").asText()));
    assertEquals(Map.of("1", a.id(), "2", b.id(), "3", a.id()), supplierOfLine);

    // A supplier sees only its own part; another shop does not learn the order exists.
    JsonNode partOfB = api.get("/v1/orders/" + orderId, b.key()).json();
    assertEquals(1, partOfB.get("lines").size());
    assertProblem(api.get("/v1/orders/" + orderId, newShop().key()), 404, "NOT_FOUND");
  }

  @Test
  void shouldWalkFulfilmentAndRefuseIllegalTransitions() {
    Account shop = newShop();
    Account supplier = newSupplier("SUPPLIER");
    bind(shop, supplier);
    assertEquals(
        200,
        api.put(
                "/v1/shops/" + shop.id() + "/allocation/mode",
                shop.key(),
                "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"" + supplier.id() + "\"}")
            .status());
    String shipped = nextOrderId();
    String rejected = nextOrderId();
    assertEquals(
        202,
        api.post("/v1/orders", INGEST, OrderBodies.order(shipped, shop.id(), "spu-1", "spu-2"))
            .status());
    assertEquals(
        202,
        api.post("/v1/orders", INGEST, OrderBodies.order(rejected, shop.id(), "spu-3")).status());
    String base = "/v1/suppliers/" + supplier.id() + "/orders/";

    Answer early =
        api.post(
            base + shipped + "/ship",
            supplier.key(),
            "{\"carrier\":\"SF\",\"trackingNo\":\"SF1\"}");
    assertProblem(early, 409, "ILLEGAL_TRANSITION");
    assertTrue(early.text("detail").contains("ALLOCATED"), early.toString());
    assertEquals(200, api.post(base + shipped + "/accept", supplier.key(), null).status());
    assertProblem(
        api.post(base + shipped + "/accept", supplier.key(), null), 409, "ILLEGAL_TRANSITION");
    assertEquals(
        200,
        api.post(
                base + shipped + "/ship",
                supplier.key(),
                "{\"carrier\":\"SF\",\"trackingNo\":\"SF1\"}")
            .status());
    Answer receipt =
        api.post(
            "/v1/orders/" + shipped + "/receipt",
            INGEST,
            "{\"supplierId\":\""
                + supplier.id()
                + "\",\"receivedAt\":\"2026-11-14T10:00:00+08:00\"}");
    assertEquals(200, receipt.status(), receipt.toString());
    assertProblem(
        api.post(
            "/v1/orders/" + shipped + "/receipt",
            INGEST,
            "{\"supplierId\":\""
                + supplier.id()
                + "\",\"receivedAt\":\"2026-11-14T10:00:00+08:00\"}"),
        409,
        "ILLEGAL_TRANSITION");

    assertEquals(
        200,
        api.post(base + rejected + "/reject", supplier.key(), "{\"reason\":\"out of stock\"}")
            .status());
    JsonNode queue =
        eventually(
                () -> api.get("/v1/shops/" + shop.id() + "/manual-queue", shop.key()),
                a -> a.json().size() == 1)
            .json();
    assertEquals("REJECTED_BY_SUPPLIER", queue.get(0).get("reason").asText());
    assertEquals(rejected, queue.get(0).get("orderId").asText());

    JsonNode line =
        eventually(
                () -> api.get("/v1/orders/" + shipped, shop.key()),
                a -> a.status() == 200 && a.body().contains("RECEIVED"))
            .json()
            .get("lines")
            .get(0);
    assertEquals("SF1", line.get("trackingNo").asText());
    JsonNode received =
        eventually(
                () ->
                    api.get(
                        "/v1/suppliers/" + supplier.id() + "/orders?status=RECEIVED",
                        supplier.key()),
                a -> a.json().get("orders").size() == 1)
            .json();
    assertEquals(shipped, received.get("orders").get(0).get("orderId").asText());
    JsonNode firstPage =
        eventually(
                () -> api.get("/v1/suppliers/" + supplier.id() + "/orders?limit=1", supplier.key()),
                a -> a.json().get("orders").size() == 1)
            .json();
    String next = firstPage.get("next").asText();
    JsonNode secondPage =
        api.get("/v1/suppliers/" + supplier.id() + "/orders?limit=1&after=" + next, supplier.key())
            .json();
    assertEquals(1, secondPage.get("orders").size());
    assertNotEquals(
        firstPage.get("orders").get(0).get("orderId").asText(),
        secondPage.get("orders").get(0).get("orderId").asText());
  }

  /**
   * Platform order IDs are unique only within a shop. Two shops sending the same ID, through the
   * same supplier and agency, keep two orders: their lines, the supplier's list and actions, and
   * the agency's GMV never mix, and a request that does not say which shop it means is refused.
   */
  /**
   * Issue 15 on the real Cassandra: a SKU rule over its SPU's rule, a backup taking the line its
   * supplier rejected, the manual queue once the backups are exhausted, and the routing explanation
   * of each line as it was decided, hop by hop.
   */
  @Test
  void shouldRouteSkusOverSpusFallBackToBackupsAndExplainEachDecision() {
    Account shop = newShop();
    Account first = newSupplier("SUPPLIER");
    Account backup = newSupplier("SUPPLIER");
    Account skuSupplier = newSupplier("SUPPLIER");
    for (Account supplier : List.of(first, backup, skuSupplier)) {
      bind(shop, supplier);
    }
    String rules = "/v1/shops/" + shop.id() + "/allocation/products/";
    Answer teeRule =
        api.put(
            rules + "tee",
            shop.key(),
            "{\"supplierId\":\"" + first.id() + "\",\"backups\":[\"" + backup.id() + "\"]}");
    assertEquals(200, teeRule.status(), teeRule.toString());
    route(shop, "cap", first);
    Answer skuRule =
        api.put(
            rules + "cap/skus/cap-red",
            shop.key(),
            "{\"supplierId\":\"" + skuSupplier.id() + "\"}");
    assertEquals(200, skuRule.status(), skuRule.toString());
    JsonNode table = api.get("/v1/shops/" + shop.id() + "/allocation", shop.key()).json();
    assertEquals(skuSupplier.id(), table.at("/skuRoutes/cap/cap-red").asText(), table.toString());
    assertEquals(3, table.get("rules").size(), table.toString());
    assertEquals(backup.id(), table.at("/rules/1/backups/0").asText(), table.toString());

    String orderId = nextOrderId();
    assertEquals(
        202,
        api.post("/v1/orders", INGEST, OrderBodies.order(orderId, shop.id(), "tee", "cap", "mug"))
            .status());
    JsonNode explained = routingShowing(orderId, shop, "1", "SPU");
    assertEquals(
        table.at("/rules/1/setAt").asText(),
        explained.at("/lines/0/rule/setAt").asText(),
        "the SPU rule's time, as set");
    assertEquals(skuSupplier.id(), explained.at("/lines/1/supplierId").asText());
    assertEquals("SKU", explained.at("/lines/1/rule/kind").asText());
    assertEquals("NONE", explained.at("/lines/2/rule/kind").asText());
    assertEquals("NO_RULE_FOR_SPU", explained.at("/lines/2/manualReason").asText());
    assertProblem(api.get("/v1/orders/" + orderId + "/routing", first.key()), 403, "FORBIDDEN");

    // The first supplier rejects the tee: it goes to the backup, which sees it on its list.
    String firstOrders = "/v1/suppliers/" + first.id() + "/orders/";
    assertEquals(
        200,
        api.post(firstOrders + orderId + "/reject", first.key(), "{\"reason\":\"none\"}").status());
    JsonNode hop = routingShowing(orderId, shop, "1", "BACKUP");
    assertEquals(backup.id(), hop.at("/lines/0/supplierId").asText());
    assertEquals(1, hop.at("/lines/0/rule/hop").asInt());
    assertEquals(first.id(), hop.at("/lines/0/rejections/0/supplierId").asText());
    eventually(
        () -> api.get("/v1/suppliers/" + backup.id() + "/orders", backup.key()),
        a -> a.status() == 200 && a.body().contains(orderId));

    // The backup rejects it too: the chain is exhausted, the line waits for the shop.
    assertEquals(
        200,
        api.post(
                "/v1/suppliers/" + backup.id() + "/orders/" + orderId + "/reject",
                backup.key(),
                "{\"reason\":\"none\"}")
            .status());
    JsonNode queued = routingShowing(orderId, shop, "1", "NONE");
    assertEquals("REJECTED_BY_SUPPLIER", queued.at("/lines/0/manualReason").asText());
    assertEquals(2, queued.at("/lines/0/rejections").size(), queued.toString());
    assertEquals(backup.id(), queued.at("/lines/0/rejections/1/supplierId").asText());
    assertEquals("SKU", queued.at("/lines/1/rule/kind").asText(), "the other lines stay");
  }

  /**
   * Issue 15: after the shop changes a rule, a dry run names the lines that would move, and the
   * reroute moves them: withdrawn from the supplier that had not accepted them, sent to the new
   * rule's supplier; an accepted line never moves.
   */
  @Test
  void shouldRerouteOpenLinesUnderChangedRulesButNeverAcceptedOnes() {
    Account shop = newShop();
    Account before = newSupplier("SUPPLIER");
    Account after = newSupplier("SUPPLIER");
    bind(shop, before);
    bind(shop, after);
    route(shop, "tee", before);
    String open = nextOrderId();
    String accepted = nextOrderId();
    assertEquals(
        202, api.post("/v1/orders", INGEST, OrderBodies.order(open, shop.id(), "tee")).status());
    assertEquals(
        202,
        api.post("/v1/orders", INGEST, OrderBodies.order(accepted, shop.id(), "tee")).status());
    String beforeOrders = "/v1/suppliers/" + before.id() + "/orders";
    assertEquals(
        200, api.post(beforeOrders + "/" + accepted + "/accept", before.key(), null).status());
    eventually(
        () -> api.get(beforeOrders + "?status=ALLOCATED", before.key()),
        a -> a.body().contains(open) && !a.body().contains(accepted));
    route(shop, "tee", after);

    String reroute = "/v1/shops/" + shop.id() + "/allocation/reroute";
    JsonNode dry = api.post(reroute + "?dryRun=true", shop.key(), null).json();
    assertTrue(dry.get("dryRun").asBoolean(), dry.toString());
    assertEquals(1, dry.get("moves").size(), dry.toString());
    assertEquals(open, dry.at("/moves/0/orderId").asText());
    assertEquals(before.id(), dry.at("/moves/0/from").asText());
    assertEquals(after.id(), dry.at("/moves/0/to").asText());
    assertTrue(dry.at("/moves/0/moved").isNull(), "a dry run moves nothing");
    assertProblem(api.post(reroute + "?dryRun=maybe", shop.key(), null), 422, "VALIDATION");

    JsonNode moved = api.post(reroute, shop.key(), null).json();
    assertTrue(moved.at("/moves/0/moved").asBoolean(), moved.toString());
    JsonNode explained =
        eventually(
                () -> api.get("/v1/orders/" + open + "/routing", shop.key()),
                a -> a.body().contains(after.id()))
            .json();
    assertEquals("SPU", explained.at("/lines/0/rule/kind").asText(), "the new rule's decision");
    eventually(
        () -> api.get("/v1/suppliers/" + after.id() + "/orders", after.key()),
        a -> a.body().contains(open));
    eventually(
        () -> api.get(beforeOrders + "?status=WITHDRAWN", before.key()),
        a -> a.body().contains(open));
    JsonNode again = api.post(reroute + "?dryRun=true", shop.key(), null).json();
    assertEquals(0, again.get("moves").size(), "nothing left to move: " + again);
  }

  /**
   * Issue 15: the carrier's reports move a shipped order on (never back), the shop sees them on its
   * order, and a receipt is never dated before the delivery.
   */
  @Test
  void shouldTrackLogisticsAndCheckReceiptsAgainstTheDelivery() {
    Account shop = newShop();
    Account supplier = newSupplier("SUPPLIER");
    bind(shop, supplier);
    route(shop, "tee", supplier);
    String orderId = nextOrderId();
    assertEquals(
        202, api.post("/v1/orders", INGEST, OrderBodies.order(orderId, shop.id(), "tee")).status());
    String logistics = "/v1/orders/" + orderId + "/logistics";
    String report = "{\"supplierId\":\"" + supplier.id() + "\",\"status\":\"%s\",\"at\":\"%s\"}";
    String base = "/v1/suppliers/" + supplier.id() + "/orders/" + orderId;
    eventually(() -> api.post(base + "/accept", supplier.key(), null), a -> a.status() == 200);
    assertProblem(
        api.post(
            logistics, INGEST, String.format(report, "COLLECTED", "2026-11-12T09:00:00+08:00")),
        409,
        "ILLEGAL_TRANSITION");
    assertEquals(
        200,
        api.post(base + "/ship", supplier.key(), "{\"carrier\":\"SF\",\"trackingNo\":\"SF9\"}")
            .status());
    assertEquals(
        200,
        api.post(
                logistics, INGEST, String.format(report, "IN_TRANSIT", "2026-11-12T10:00:00+08:00"))
            .status());
    assertEquals(
        200,
        api.post(logistics, INGEST, String.format(report, "COLLECTED", "2026-11-12T08:00:00+08:00"))
            .status(),
        "a late, earlier report is taken and changes nothing");
    assertEquals(
        200,
        api.post(logistics, INGEST, String.format(report, "DELIVERED", "2026-11-13T15:00:00+08:00"))
            .status());
    JsonNode order =
        eventually(
                () -> api.get("/v1/orders/" + orderId, shop.key()),
                a -> a.body().contains("DELIVERED"))
            .json();
    assertEquals("DELIVERED", order.at("/lines/0/logistics/status").asText(), order.toString());
    assertEquals("SF9", order.at("/lines/0/trackingNo").asText());

    String receipt = "{\"supplierId\":\"" + supplier.id() + "\",\"receivedAt\":\"%s\"}";
    Answer early =
        api.post(
            "/v1/orders/" + orderId + "/receipt",
            INGEST,
            String.format(receipt, "2026-11-13T14:00:00+08:00"));
    assertProblem(early, 422, "VALIDATION");
    assertEquals("receivedAt", early.json().get("field").asText());
    assertEquals(
        200,
        api.post(
                "/v1/orders/" + orderId + "/receipt",
                INGEST,
                String.format(receipt, "2026-11-13T18:00:00+08:00"))
            .status());

    // The shop looks at the supplier's scorecard: this month's line, accepted, shipped, delivered.
    JsonNode card = api.get("/v1/suppliers/" + supplier.id() + "/scorecard", shop.key()).json();
    assertEquals(1, card.get("lines").asInt(), card.toString());
    assertEquals(1, card.get("accepted").asInt(), card.toString());
    assertEquals(1, card.get("shipped").asInt(), card.toString());
    assertEquals(1, card.get("delivered").asInt(), card.toString());
    assertTrue(card.get("stars").isNull(), "one line is too few to rate: " + card);
  }

  /** The order's routing explanation once the line's rule is of this kind. */
  private JsonNode routingShowing(String orderId, Account shop, String lineId, String kind) {
    return eventually(
            () -> api.get("/v1/orders/" + orderId + "/routing", shop.key()),
            a -> {
              if (a.status() != 200) {
                return false;
              }
              for (JsonNode line : a.json().get("lines")) {
                if (line.get("lineId").asText().equals(lineId)) {
                  return kind.equals(line.at("/rule/kind").asText());
                }
              }
              return false;
            })
        .json();
  }

  @Test
  void shouldKeepTwoShopsOrdersWithTheSameOrderIdApart() {
    Answer createdAgency =
        api.post("/v1/agencies", ADMIN, "{\"name\":\"Ag\",\"kind\":\"INDIVIDUAL\"}");
    String agencyId = createdAgency.text("agencyId");
    Account supplier = newSupplier("SUPPLIER");
    Account shopA = newShop();
    Account shopB = newShop();
    bind(shopA, supplier);
    bind(shopB, supplier);
    route(shopA, "spu-a", supplier);
    route(shopB, "spu-a", supplier);
    String orderId = nextOrderId();
    for (Account shop : List.of(shopA, shopB)) {
      String body =
          OrderBodies.order(orderId, shop.id(), "spu-a", "spu-b")
              .replace("\"agencyId\":null", "\"agencyId\":\"" + agencyId + "\"");
      Answer taken = api.post("/v1/orders", INGEST, body);
      assertEquals(202, taken.status(), taken.toString());
      assertEquals("PAID", taken.json().get("status").asText(), "a new order for each shop");
    }

    Answer ambiguous =
        eventually(() -> api.get("/v1/orders/" + orderId, INGEST), a -> a.status() == 409);
    assertEquals("ORDER_ID_AMBIGUOUS", ambiguous.code(), ambiguous.toString());
    for (Account shop : List.of(shopA, shopB)) {
      JsonNode view =
          eventually(
                  () -> api.get("/v1/orders/" + orderId + "?shopId=" + shop.id(), INGEST),
                  a -> a.status() == 200 && a.json().get("lines").size() == 2)
              .json();
      assertEquals(shop.id(), view.get("shopId").asText());
      JsonNode own = api.get("/v1/orders/" + orderId, shop.key()).json();
      assertEquals(shop.id(), own.get("shopId").asText(), "a shop sees its own order");
      assertEquals(2, own.get("lines").size());
    }

    String list = "/v1/suppliers/" + supplier.id() + "/orders?limit=1";
    JsonNode first =
        eventually(() -> api.get(list, supplier.key()), a -> a.json().get("orders").size() == 1)
            .json();
    JsonNode second =
        eventually(
                () -> api.get(list + "&after=" + first.get("next").asText(), supplier.key()),
                a -> a.json().get("orders").size() == 1)
            .json();
    assertEquals(
        Set.of(shopA.id(), shopB.id()),
        Set.of(
            first.get("orders").get(0).get("shopId").asText(),
            second.get("orders").get(0).get("shopId").asText()),
        "the supplier lists both shops' orders, one page each");

    String accept = "/v1/suppliers/" + supplier.id() + "/orders/" + orderId + "/accept";
    assertEquals("ORDER_ID_AMBIGUOUS", api.post(accept, supplier.key(), null).code());
    assertEquals(200, api.post(accept + "?shopId=" + shopA.id(), supplier.key(), null).status());
    orderShowingAt(orderId, shopA, Map.of("1", "ACCEPTED", "2", "PAID"));
    orderShowingAt(orderId, shopB, Map.of("1", "ALLOCATED", "2", "PAID"));

    JsonNode gmv =
        eventually(
                () -> api.get("/v1/agencies/" + agencyId + "?month=2026-11", ADMIN),
                a -> a.json().path("gmvByMonth").path("2026-11").asLong() >= 4 * 19_800)
            .json();
    assertEquals(
        4 * 19_800, gmv.get("gmvByMonth").get("2026-11").asLong(), "both shops' lines count");
  }

  private void orderShowingAt(String orderId, Account shop, Map<String, String> statusOfLine) {
    eventually(
        () -> api.get("/v1/orders/" + orderId + "?shopId=" + shop.id(), INGEST),
        a -> a.status() == 200 && statusOfLine.equals(lineStatuses(a.json())));
  }

  @Test
  void shouldRefundAndDisputeLinesWhereverTheyAre() {
    Account shop = newShop();
    Account supplier = newSupplier("SUPPLIER");
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    String orderId = nextOrderId();
    assertEquals(
        202,
        api.post(
                "/v1/orders",
                INGEST,
                OrderBodies.order(orderId, shop.id(), "spu-a", "spu-a", "spu-x"))
            .status());
    String base = "/v1/suppliers/" + supplier.id() + "/orders/" + orderId;
    assertEquals(200, api.post(base + "/accept", supplier.key(), null).status());
    assertEquals(
        200,
        api.post(base + "/ship", supplier.key(), "{\"carrier\":\"SF\",\"trackingNo\":\"SF9\"}")
            .status());
    eventually(() -> api.get("/v1/orders/" + orderId, INGEST), a -> a.body().contains("SHIPPED"));

    String refund = "{\"lineIds\":[\"2\",\"3\"],\"refundedAt\":\"2026-11-15T10:00:00+08:00\"}";
    Answer refunded = api.post("/v1/orders/" + orderId + "/refund", INGEST, refund);
    assertEquals(200, refunded.status(), refunded.toString());
    assertEquals(
        200,
        api.post("/v1/orders/" + orderId + "/refund", INGEST, refund).status(),
        "a repeat changes nothing");
    assertEquals(
        0,
        api.get("/v1/shops/" + shop.id() + "/manual-queue", shop.key()).json().size(),
        "the queued line left the queue");

    Answer disputed =
        api.post(
            "/v1/orders/" + orderId + "/disputes", INGEST, "{\"lineIds\":[\"1\"],\"open\":true}");
    assertEquals(200, disputed.status(), disputed.toString());
    assertProblem(
        api.post(
            "/v1/orders/" + orderId + "/receipt",
            INGEST,
            "{\"supplierId\":\""
                + supplier.id()
                + "\",\"receivedAt\":\"2026-11-16T10:00:00+08:00\"}"),
        409,
        "ILLEGAL_TRANSITION");
    orderShowing(orderId, Map.of("1", "DISPUTED", "2", "REFUNDED", "3", "REFUNDED"));

    assertEquals(
        200,
        api.post(
                "/v1/orders/" + orderId + "/disputes",
                INGEST,
                "{\"lineIds\":[\"1\"],\"open\":false}")
            .status());
    assertEquals(
        200,
        api.post(
                "/v1/orders/" + orderId + "/receipt",
                INGEST,
                "{\"supplierId\":\""
                    + supplier.id()
                    + "\",\"receivedAt\":\"2026-11-16T10:00:00+08:00\"}")
            .status(),
        "the closed dispute returned the line to SHIPPED");
    eventually(
        () -> api.get("/v1/orders/" + orderId, INGEST),
        a -> a.body().contains("RECEIVED") && !a.body().contains("DISPUTED"));
    // After receipt the order is closed at the supplier, and can still be refunded.
    String late = "{\"lineIds\":[\"1\"],\"refundedAt\":\"2026-11-20T10:00:00+08:00\"}";
    assertEquals(200, api.post("/v1/orders/" + orderId + "/refund", INGEST, late).status());
    eventually(
        () -> api.get("/v1/suppliers/" + supplier.id() + "/orders?status=REFUNDED", supplier.key()),
        a -> a.json().get("orders").size() == 1);
  }

  @Test
  void shouldStreamOneResultPerOrderInOrderAndGoOnAfterABadLine() {
    Account shop = newShop();
    Account supplier = newSupplier("SUPPLIER");
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
    Account supplier = newSupplier("SUPPLIER");
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    double writesBefore = metric("daifa_intake_persist_seconds_count");
    int orders = 200;
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        String body = OrderBodies.order(nextOrderId(), shop.id(), "spu-a");
        answers.add(pool.submit(() -> api.post("/v1/orders", INGEST, body)));
      }
      for (Future<Answer> answer : answers) {
        assertEquals(202, answer.get().status(), answer.get().toString());
      }
    } finally {
      pool.shutdownNow();
    }
    double writes = metric("daifa_intake_persist_seconds_count") - writesBefore;
    assertTrue(writes >= 1 && writes <= orders / 2, orders + " orders took " + writes + " writes");
  }

  // ---- accounts and operations ----------------------------------------------------------------

  @Test
  void shouldAnswerARetriedCreationWithTheFirstAnswer() {
    String key = "retry-" + System.nanoTime();
    Answer first =
        api.send(
            "POST",
            "/v1/suppliers",
            ADMIN,
            "{\"name\":\"Co\",\"identity\":\"SUPPLIER\"}".getBytes(),
            "application/json",
            key);
    Answer retry =
        api.send(
            "POST",
            "/v1/suppliers",
            ADMIN,
            "{\"name\":\"Co\",\"identity\":\"SUPPLIER\"}".getBytes(),
            "application/json",
            key);
    assertEquals(201, first.status(), first.toString());
    assertEquals(first.json(), retry.json(), "the same supplier and key, never a second supplier");
    Answer other =
        api.send(
            "POST",
            "/v1/suppliers",
            ADMIN,
            "{\"name\":\"Co\",\"identity\":\"SUPPLIER\"}".getBytes(),
            "application/json",
            key + "x");
    assertNotEquals(first.text("supplierId"), other.text("supplierId"));
  }

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
    assertEquals(200, api.get("/health", null).status());
    assertEquals("READY", api.get("/ready", null).text("status"));
    Account shop = newShop();
    String orderId = nextOrderId();
    api.post("/v1/orders", INGEST, OrderBodies.order(orderId, shop.id(), "spu-1"));
    eventually(() -> api.get("/v1/orders/" + orderId, shop.key()), a -> a.status() == 200);
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
    Answer created = api.post("/v1/agencies", ADMIN, "{\"name\":\"Ag\",\"kind\":\"INDIVIDUAL\"}");
    assertEquals(201, created.status(), created.toString());
    Account agency = new Account(created.text("agencyId"), created.text("apiKey"));
    String view = "/v1/agencies/" + agency.id() + "?month=2026-12";
    JsonNode fresh = api.get(view, agency.key()).json();
    assertEquals("ZERO_DEPOSIT", fresh.get("standing").asText());
    assertTrue(fresh.get("zeroDepositEligible").asBoolean());
    assertEquals("INDIVIDUAL", fresh.get("kind").asText());
    assertEquals(2_000_000, fresh.get("requiredDeposit").asLong(), "20,000 CNY below 500k GMV");
    assertEquals(0, fresh.get("shortfall").asLong(), "not in the deposit regime");
    assertEquals(500_000_000, fresh.get("quarter").get("cashCapRemaining").asLong());

    // A promoter order: its paid amount counts in November's GMV (read from the order feed).
    Account shop = newShop();
    Account supplier = newSupplier("SUPPLIER");
    bind(shop, supplier);
    route(shop, "spu-a", supplier);
    String orderId = nextOrderId();
    String body =
        OrderBodies.order(orderId, shop.id(), "spu-a", "spu-b")
            .replace("\"agencyId\":null", "\"agencyId\":\"" + agency.id() + "\"");
    assertEquals(202, api.post("/v1/orders", INGEST, body).status());
    JsonNode credited =
        eventually(
                () -> api.get(view, agency.key()),
                a -> a.json().path("gmvByMonth").path("2026-11").asLong() > 0)
            .json();
    assertEquals(2 * 19_800, credited.get("gmvByMonth").get("2026-11").asLong());
    assertEquals(202, api.post("/v1/orders", INGEST, body).status(), "a resend is answered again");

    assertEquals(
        200,
        api.post("/v1/agencies/" + agency.id() + "/deposits", ADMIN, "{\"amount\":1000000}")
            .status());
    JsonNode partly = api.get(view, ADMIN).json();
    assertEquals("SHORTFALL", partly.get("standing").asText());
    assertEquals(1_000_000, partly.get("shortfall").asLong());
    // The second deposit is sent twice with its Idempotency-Key (a retry after a lost answer).
    String deposits = "/v1/agencies/" + agency.id() + "/deposits";
    byte[] second = "{\"amount\":1000000}".getBytes();
    for (int attempt = 0; attempt < 2; attempt++) {
      Answer paid = api.send("POST", deposits, ADMIN, second, "application/json", "deposit-2");
      assertEquals(200, paid.status(), paid.toString());
    }
    assertEquals(2_000_000, api.get(view, ADMIN).json().get("paidDeposit").asLong(), "once");
    Answer reused =
        api.send(
            "POST", deposits, ADMIN, "{\"amount\":5}".getBytes(), "application/json", "deposit-2");
    assertEquals(422, reused.status(), reused.toString());
    assertEquals("IDEMPOTENCY_KEY_REUSED", reused.code());
    assertEquals("DEPOSIT_COVERED", api.get(view, ADMIN).json().get("standing").asText());

    Answer violation =
        api.post(
            "/v1/agencies/" + agency.id() + "/violations", ADMIN, "{\"reason\":\"fake orders\"}");
    assertEquals(201, violation.status(), violation.toString());
    assertEquals("RESTRICTED", api.get(view, ADMIN).json().get("standing").asText());
    assertEquals(
        200,
        api.post(
                "/v1/agencies/"
                    + agency.id()
                    + "/violations/"
                    + violation.text("violationId")
                    + "/clear",
                ADMIN,
                null)
            .status());
    JsonNode cleared = api.get(view, agency.key()).json();
    assertEquals("DEPOSIT_COVERED", cleared.get("standing").asText());
    assertFalse(cleared.get("zeroDepositEligible").asBoolean(), "gone for good");
    assertEquals(1, api.get(view, agency.key()).json().get("gmvByMonth").size());
    assertEquals(
        2 * 19_800,
        api.get(view, agency.key()).json().get("gmvByMonth").get("2026-11").asLong(),
        "the resend counted once");
  }

  @Test
  void shouldApplyADepositPolicyVersionFromItsMonthOnly() {
    Answer created = api.post("/v1/agencies", ADMIN, "{\"name\":\"Ag\",\"kind\":\"BUSINESS\"}");
    String agencyId = created.text("agencyId");
    int before = api.get("/v1/policies/deposit-tiers", ADMIN).json().size();
    String version =
        "{\"effectiveFrom\":\"2099-01\",\"base\":1000000,"
            + "\"tiers\":[{\"fromGmv\":100,\"topUp\":7}]}";
    assertEquals(201, api.post("/v1/policies/deposit-tiers", ADMIN, version).status());
    assertEquals(201, api.post("/v1/policies/deposit-tiers", ADMIN, version).status(), "a resend");
    assertProblem(
        api.post(
            "/v1/policies/deposit-tiers",
            ADMIN,
            "{\"effectiveFrom\":\"2099-01\",\"base\":5,\"tiers\":[]}"),
        409,
        "ALREADY_EXISTS");
    JsonNode versions = api.get("/v1/policies/deposit-tiers", ADMIN).json();
    assertEquals(before + 1, versions.size());
    assertEquals("2020-01", versions.get(0).get("effectiveFrom").asText(), "the old flat rule");
    assertEquals(20_000_000, versions.get(0).get("base").asLong());
    assertEquals(
        1_000_000,
        api.get("/v1/agencies/" + agencyId + "?month=2099-01", ADMIN)
            .json()
            .get("requiredDeposit")
            .asLong());
    assertEquals(
        2_000_000,
        api.get("/v1/agencies/" + agencyId + "?month=2098-12", ADMIN)
            .json()
            .get("requiredDeposit")
            .asLong(),
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
