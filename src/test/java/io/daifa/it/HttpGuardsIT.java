package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.daifa.it.ApiClient.Answer;
import io.daifa.it.RawHttpConnection.RawAnswer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the API refuses: every endpoint called with another tenant's key (and with none, or a wrong
 * one) changes nothing; every class of bad input gets a problem naming the field, never a 500; and
 * the OpenAPI document lists exactly the routes the server binds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpGuardsIT {

  private static final String ADMIN = HttpTestServer.ADMIN;
  private static final String INGEST = HttpTestServer.INGEST;

  private HttpTestServer server;
  private ApiClient api;

  // Tenant A owns everything the matrix touches; B is another shop, supplier and agency.
  private String shopA;
  private String shopAKey;
  private String supA;
  private String supAKey;
  private String shopBKey;
  private String supBKey;
  private String agencyKey;
  private String agencyA;
  private String agencyBKey;
  private String token;
  private String requestId;
  private String productA;
  private static final String ORDER = "guarded-order";

  /** One endpoint: method, concrete path, body, and what a stranger must get. */
  record Endpoint(String method, String template, String path, String body) {}

  private List<Endpoint> endpoints;

  @BeforeAll
  void start() throws Exception {
    server = new HttpTestServer("guards");
    api = server.api;
    JsonNode shop = api.post("/v1/shops", ADMIN, "{\"name\":\"A\"}").json();
    shopA = shop.get("shopId").asText();
    shopAKey = shop.get("apiKey").asText();
    JsonNode supplier =
        api.post("/v1/suppliers", ADMIN, "{\"name\":\"A\",\"identity\":\"SUPPLIER\"}").json();
    supA = supplier.get("supplierId").asText();
    supAKey = supplier.get("apiKey").asText();
    shopBKey = api.post("/v1/shops", ADMIN, "{\"name\":\"B\"}").json().get("apiKey").asText();
    supBKey =
        api.post("/v1/suppliers", ADMIN, "{\"name\":\"B\",\"identity\":\"SUPPLIER\"}")
            .json()
            .get("apiKey")
            .asText();
    JsonNode agency =
        api.post("/v1/agencies", ADMIN, "{\"name\":\"Ag\",\"kind\":\"BUSINESS\"}").json();
    agencyA = agency.get("agencyId").asText();
    agencyKey = agency.get("apiKey").asText();
    agencyBKey =
        api.post("/v1/agencies", ADMIN, "{\"name\":\"Ag B\",\"kind\":\"INDIVIDUAL\"}")
            .json()
            .get("apiKey")
            .asText();
    token =
        api.post("/v1/shops/" + shopA + "/invites", shopAKey, null).json().get("token").asText();
    String bindToken =
        api.post("/v1/shops/" + shopA + "/invites", shopAKey, null).json().get("token").asText();
    assertEquals(
        200,
        api.post("/v1/suppliers/" + supA + "/invites/" + bindToken + "/accept", supAKey, null)
            .status());
    assertEquals(
        200,
        api.put(
                "/v1/shops/" + shopA + "/allocation/products/spu-1",
                shopAKey,
                "{\"supplierId\":\"" + supA + "\"}")
            .status());
    requestId =
        api.post(
                "/v1/shops/" + shopA + "/binding-requests",
                shopAKey,
                "{\"supplierId\":\"" + supA + "\"}")
            .json()
            .get("requestId")
            .asText();
    assertEquals(
        202, api.post("/v1/orders", INGEST, order(ORDER, shopA, "spu-1", "spu-9")).status());
    productA =
        api.post(
                "/v1/market/products",
                supAKey,
                "{\"spuId\":\"spu-m\",\"title\":\"Tea\",\"category\":\"food\",\"price\":100,"
                    + "\"commissionRateBp\":100,\"sourcePlatform\":\"SUPPLIER\"}")
            .json()
            .get("productId")
            .asText();
    endpoints = endpoints();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String order(String orderId, String shopId, String... spus) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < spus.length; i++) {
      lines.append(i == 0 ? "" : ",").append(line(Integer.toString(i + 1), spus[i], "19800"));
    }
    return "{\"orderId\":\""
        + orderId
        + "\",\"shopId\":\""
        + shopId
        + "\",\"buyerId\":\"b\",\"paidAt\":\"2026-11-11T00:00:01+08:00\",\"lines\":["
        + lines
        + "]}";
  }

  private static String line(String lineId, String spu, String userPaid) {
    return "{\"lineId\":\""
        + lineId
        + "\",\"spuId\":\""
        + spu
        + "\",\"skuId\":\""
        + spu
        + "-s\",\"quantity\":1,\"userPaid\":"
        + userPaid
        + ",\"paymentSubsidy\":0,\"influencerDiscount\":0,\"platformDiscount\":0,\"feeRateBp\":500}";
  }

  private List<Endpoint> endpoints() {
    String supBody = "{\"supplierId\":\"" + supA + "\"}";
    return List.of(
        new Endpoint("POST", "/v1/shops", "/v1/shops", "{\"name\":\"X\"}"),
        new Endpoint(
            "POST", "/v1/suppliers", "/v1/suppliers", "{\"name\":\"X\",\"identity\":\"SUPPLIER\"}"),
        new Endpoint(
            "POST", "/v1/agencies", "/v1/agencies", "{\"name\":\"X\",\"kind\":\"BUSINESS\"}"),
        new Endpoint("POST", "/v1/shops/{shopId}/invites", "/v1/shops/" + shopA + "/invites", null),
        new Endpoint("POST", "/v1/shops/{shopId}/keys", "/v1/shops/" + shopA + "/keys", null),
        new Endpoint(
            "POST", "/v1/suppliers/{supplierId}/keys", "/v1/suppliers/" + supA + "/keys", null),
        new Endpoint(
            "POST", "/v1/agencies/{agencyId}/keys", "/v1/agencies/" + agencyA + "/keys", null),
        new Endpoint("GET", "/v1/invites/{token}/qr.png", "/v1/invites/" + token + "/qr.png", null),
        new Endpoint(
            "POST",
            "/v1/suppliers/{supplierId}/invites/{token}/accept",
            "/v1/suppliers/" + supA + "/invites/" + token + "/accept",
            null),
        new Endpoint(
            "POST",
            "/v1/shops/{shopId}/binding-requests",
            "/v1/shops/" + shopA + "/binding-requests",
            supBody),
        new Endpoint(
            "GET",
            "/v1/suppliers/{supplierId}/binding-requests",
            "/v1/suppliers/" + supA + "/binding-requests",
            null),
        new Endpoint(
            "POST",
            "/v1/suppliers/{supplierId}/binding-requests/{requestId}/approve",
            "/v1/suppliers/" + supA + "/binding-requests/" + requestId + "/approve",
            null),
        new Endpoint(
            "POST",
            "/v1/suppliers/{supplierId}/binding-requests/{requestId}/reject",
            "/v1/suppliers/" + supA + "/binding-requests/" + requestId + "/reject",
            null),
        new Endpoint(
            "GET", "/v1/shops/{shopId}/suppliers", "/v1/shops/" + shopA + "/suppliers", null),
        new Endpoint(
            "DELETE",
            "/v1/shops/{shopId}/suppliers/{supplierId}",
            "/v1/shops/" + shopA + "/suppliers/" + supA,
            null),
        new Endpoint(
            "GET", "/v1/shops/{shopId}/allocation", "/v1/shops/" + shopA + "/allocation", null),
        new Endpoint(
            "PUT",
            "/v1/shops/{shopId}/allocation/mode",
            "/v1/shops/" + shopA + "/allocation/mode",
            "{\"mode\":\"NONE\",\"dropProductRoutes\":true}"),
        new Endpoint(
            "PUT",
            "/v1/shops/{shopId}/allocation/products/{spuId}",
            "/v1/shops/" + shopA + "/allocation/products/spu-2",
            supBody),
        new Endpoint(
            "DELETE",
            "/v1/shops/{shopId}/allocation/products/{spuId}",
            "/v1/shops/" + shopA + "/allocation/products/spu-1",
            null),
        new Endpoint(
            "PUT",
            "/v1/shops/{shopId}/allocation/products/{spuId}/skus/{skuId}",
            "/v1/shops/" + shopA + "/allocation/products/spu-2/skus/spu-2-xl",
            supBody),
        new Endpoint(
            "DELETE",
            "/v1/shops/{shopId}/allocation/products/{spuId}/skus/{skuId}",
            "/v1/shops/" + shopA + "/allocation/products/spu-2/skus/spu-2-xl",
            null),
        new Endpoint(
            "POST",
            "/v1/shops/{shopId}/allocation/reroute",
            "/v1/shops/" + shopA + "/allocation/reroute",
            null),
        new Endpoint(
            "GET", "/v1/shops/{shopId}/manual-queue", "/v1/shops/" + shopA + "/manual-queue", null),
        new Endpoint(
            "POST",
            "/v1/shops/{shopId}/orders/{orderId}/lines/{lineId}/assign",
            "/v1/shops/" + shopA + "/orders/" + ORDER + "/lines/2/assign",
            supBody),
        new Endpoint("POST", "/v1/orders", "/v1/orders", order("stranger-order", shopA, "spu-1")),
        new Endpoint("GET", "/v1/orders/{orderId}", "/v1/orders/" + ORDER, null),
        new Endpoint(
            "GET", "/v1/orders/{orderId}/routing", "/v1/orders/" + ORDER + "/routing", null),
        new Endpoint(
            "POST",
            "/v1/orders/{orderId}/receipt",
            "/v1/orders/" + ORDER + "/receipt",
            "{\"supplierId\":\"" + supA + "\",\"receivedAt\":\"2026-11-14T10:00:00+08:00\"}"),
        new Endpoint(
            "POST",
            "/v1/orders/{orderId}/logistics",
            "/v1/orders/" + ORDER + "/logistics",
            "{\"supplierId\":\""
                + supA
                + "\",\"status\":\"COLLECTED\",\"at\":\"2026-11-14T10:00:00+08:00\"}"),
        new Endpoint(
            "POST", "/v1/orders/stream", "/v1/orders/stream", order("streamed", shopA, "spu-1")),
        new Endpoint(
            "POST",
            "/v1/orders/{orderId}/refund",
            "/v1/orders/" + ORDER + "/refund",
            "{\"lineIds\":[\"1\"],\"refundedAt\":\"2026-11-14T10:00:00+08:00\"}"),
        new Endpoint(
            "POST",
            "/v1/orders/{orderId}/disputes",
            "/v1/orders/" + ORDER + "/disputes",
            "{\"lineIds\":[\"1\"],\"open\":true}"),
        new Endpoint(
            "GET", "/v1/suppliers/{supplierId}/orders", "/v1/suppliers/" + supA + "/orders", null),
        new Endpoint(
            "POST",
            "/v1/suppliers/{supplierId}/orders/{orderId}/accept",
            "/v1/suppliers/" + supA + "/orders/" + ORDER + "/accept",
            null),
        new Endpoint(
            "POST",
            "/v1/suppliers/{supplierId}/orders/{orderId}/ship",
            "/v1/suppliers/" + supA + "/orders/" + ORDER + "/ship",
            "{\"carrier\":\"SF\",\"trackingNo\":\"1\"}"),
        new Endpoint(
            "POST",
            "/v1/suppliers/{supplierId}/orders/{orderId}/reject",
            "/v1/suppliers/" + supA + "/orders/" + ORDER + "/reject",
            "{\"reason\":\"no\"}"),
        new Endpoint("GET", "/v1/agencies/{agencyId}", "/v1/agencies/" + agencyA, null),
        new Endpoint(
            "POST",
            "/v1/agencies/{agencyId}/deposits",
            "/v1/agencies/" + agencyA + "/deposits",
            "{\"amount\":100}"),
        new Endpoint(
            "POST",
            "/v1/agencies/{agencyId}/violations",
            "/v1/agencies/" + agencyA + "/violations",
            "{\"reason\":\"x\"}"),
        new Endpoint(
            "POST",
            "/v1/agencies/{agencyId}/violations/{violationId}/clear",
            "/v1/agencies/" + agencyA + "/violations/vio-1/clear",
            null),
        new Endpoint(
            "GET", "/v1/agencies/{agencyId}/flags", "/v1/agencies/" + agencyA + "/flags", null),
        new Endpoint(
            "POST",
            "/v1/agencies/{agencyId}/flags/{flagId}/clear",
            "/v1/agencies/" + agencyA + "/flags/flg-1/clear",
            null),
        new Endpoint("POST", "/v1/settlements", "/v1/settlements", "{\"cycle\":\"2099-01\"}"),
        new Endpoint("GET", "/v1/settlements/{cycle}", "/v1/settlements/2001-01", null),
        new Endpoint(
            "GET", "/v1/settlements/{cycle}/shops.csv", "/v1/settlements/2001-01/shops.csv", null),
        new Endpoint(
            "GET",
            "/v1/settlements/{cycle}/agencies.csv",
            "/v1/settlements/2001-01/agencies.csv",
            null),
        new Endpoint("GET", "/v1/policies/deposit-tiers", "/v1/policies/deposit-tiers", null),
        new Endpoint(
            "POST",
            "/v1/policies/deposit-tiers",
            "/v1/policies/deposit-tiers",
            "{\"effectiveFrom\":\"2099-01\",\"base\":0,\"tiers\":[]}"),
        new Endpoint("GET", "/v1/market/categories", "/v1/market/categories", null),
        new Endpoint("GET", "/v1/market/products", "/v1/market/products", null),
        new Endpoint(
            "POST",
            "/v1/market/products",
            "/v1/market/products",
            "{\"spuId\":\"spu-x\",\"title\":\"X\",\"category\":\"food\",\"price\":100,"
                + "\"commissionRateBp\":100,\"sourcePlatform\":\"SUPPLIER\"}"),
        new Endpoint(
            "GET", "/v1/market/products/{productId}", "/v1/market/products/" + productA, null),
        new Endpoint(
            "PUT",
            "/v1/market/products/{productId}",
            "/v1/market/products/" + productA,
            "{\"price\":5}"),
        new Endpoint(
            "DELETE", "/v1/market/products/{productId}", "/v1/market/products/" + productA, null),
        new Endpoint(
            "POST",
            "/v1/shops/{shopId}/market-picks",
            "/v1/shops/" + shopA + "/market-picks",
            "{\"productId\":\"" + productA + "\"}"),
        new Endpoint(
            "GET", "/v1/shops/{shopId}/market-picks", "/v1/shops/" + shopA + "/market-picks", null),
        new Endpoint(
            "DELETE",
            "/v1/shops/{shopId}/market-picks/{productId}",
            "/v1/shops/" + shopA + "/market-picks/" + productA,
            null),
        new Endpoint(
            "GET",
            "/v1/shops/{shopId}/market-picks/{productId}/poster.png",
            "/v1/shops/" + shopA + "/market-picks/" + productA + "/poster.png",
            null),
        new Endpoint("GET", "/v1/shops/{shopId}/stats", "/v1/shops/" + shopA + "/stats", null),
        new Endpoint(
            "GET", "/v1/suppliers/{supplierId}/stats", "/v1/suppliers/" + supA + "/stats", null),
        new Endpoint(
            "GET",
            "/v1/suppliers/{supplierId}/scorecard",
            "/v1/suppliers/" + supA + "/scorecard",
            null),
        new Endpoint(
            "PUT",
            "/v1/suppliers/{supplierId}/webhook",
            "/v1/suppliers/" + supA + "/webhook",
            "{\"url\":\"https://erp.example.com/h\",\"secret\":\"0123456789abcdef-x\"}"),
        new Endpoint(
            "GET",
            "/v1/suppliers/{supplierId}/webhook",
            "/v1/suppliers/" + supA + "/webhook",
            null),
        new Endpoint(
            "DELETE",
            "/v1/suppliers/{supplierId}/webhook",
            "/v1/suppliers/" + supA + "/webhook",
            null),
        new Endpoint(
            "GET",
            "/v1/suppliers/{supplierId}/webhook/deliveries",
            "/v1/suppliers/" + supA + "/webhook/deliveries",
            null),
        new Endpoint(
            "GET",
            "/v1/suppliers/{supplierId}/webhook/deliveries/{deliveryId}",
            "/v1/suppliers/" + supA + "/webhook/deliveries/d1",
            null),
        new Endpoint(
            "POST",
            "/v1/suppliers/{supplierId}/webhook/deliveries/{deliveryId}/redeliver",
            "/v1/suppliers/" + supA + "/webhook/deliveries/d1/redeliver",
            null));
  }

  /** Everything tenant A can see of its own state, to compare before and after. */
  private String stateOfA() {
    return String.join(
        "\n",
        api.get("/v1/shops/" + shopA + "/allocation", shopAKey).body(),
        api.get("/v1/shops/" + shopA + "/suppliers", shopAKey).body(),
        api.get("/v1/shops/" + shopA + "/manual-queue", shopAKey).body(),
        api.get("/v1/suppliers/" + supA + "/binding-requests", supAKey).body(),
        api.get("/v1/shops/" + shopA + "/market-picks", shopAKey).body(),
        api.get("/v1/market/products/" + productA, shopAKey).body(),
        api.get("/v1/orders/" + ORDER, INGEST).body());
  }

  @Test
  void shouldRefuseEveryEndpointToStrangersAndChangeNothing() {
    // Let the read side catch up, so that the order's view is stable before the matrix runs.
    ApiClientAwait.until(() -> api.get("/v1/orders/" + ORDER, INGEST).body().contains(supA));
    String before = stateOfA();
    List<String> failures = new ArrayList<>();
    for (Endpoint e : endpoints) {
      for (String key : new String[] {null, "shp_aaaaaaaaaaaaaaaaaaaa.wrong", "garbage"}) {
        Answer answer = api.call(e.method(), e.path(), key, e.body());
        if (answer.status() != 401 || !"UNAUTHORIZED".equals(answer.code())) {
          failures.add(e.method() + " " + e.template() + " key=" + key + " -> " + answer);
        }
      }
      for (String stranger : strangersOf(e)) {
        Answer answer = api.call(e.method(), e.path(), stranger, e.body());
        boolean refused =
            answer.status() == 403 || (answer.status() == 404 && e.method().equals("GET"));
        if (!refused || !answer.contentType().startsWith("application/problem+json")) {
          failures.add(
              e.method()
                  + " "
                  + e.template()
                  + " stranger="
                  + stranger.substring(0, 4)
                  + " -> "
                  + answer);
        }
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(before, stateOfA(), "nothing changed");
  }

  /** The keys that must not pass: every tenant key that does not own the resource. */
  private List<String> strangersOf(Endpoint e) {
    List<String> all =
        new ArrayList<>(
            List.of(shopBKey, supBKey, agencyKey, agencyBKey, ADMIN, INGEST, shopAKey, supAKey));
    String t = e.template();
    if (t.equals("/v1/suppliers/{supplierId}/scorecard")
        || t.equals("/v1/market/categories")
        || (t.startsWith("/v1/market/products") && e.method().equals("GET"))) {
      return List.of(); // any account
    } else if (t.equals("/v1/market/products")) {
      all.removeAll(List.of(ADMIN, supAKey, supBKey));
      return all;
    } else if (t.equals("/v1/market/products/{productId}")) {
      all.removeAll(List.of(ADMIN, supAKey));
      return all;
    } else if (t.endsWith("/stats")) {
      all.removeAll(List.of(ADMIN, t.startsWith("/v1/shops/") ? shopAKey : supAKey));
      return all;
    }
    if (t.equals("/v1/shops") || t.equals("/v1/suppliers") || t.equals("/v1/agencies")) {
      all.remove(ADMIN);
    } else if (t.equals("/v1/orders")
        || t.equals("/v1/orders/stream")
        || t.endsWith("/receipt")
        || t.endsWith("/logistics")
        || t.endsWith("/refund")
        || t.endsWith("/disputes")) {
      all.remove(INGEST);
    } else if (t.equals("/v1/orders/{orderId}/routing")) {
      all.remove(INGEST);
      all.remove(shopAKey);
    } else if (t.equals("/v1/orders/{orderId}")) {
      all.remove(INGEST);
      all.remove(shopAKey);
      all.remove(supAKey);
    } else if (t.endsWith("/keys")) {
      all.remove(ADMIN);
      all.remove(
          t.startsWith("/v1/shops/")
              ? shopAKey
              : t.startsWith("/v1/suppliers/") ? supAKey : agencyKey);
    } else if (t.equals("/v1/agencies/{agencyId}")) {
      all.remove(ADMIN);
      all.remove(agencyKey);
    } else if (t.startsWith("/v1/agencies/")
        || t.startsWith("/v1/policies/")
        || t.startsWith("/v1/settlements")) {
      all.remove(ADMIN);
    } else if (t.equals("/v1/shops/{shopId}/suppliers/{supplierId}")
        && e.method().equals("DELETE")) {
      all.remove(shopAKey);
      all.remove(supAKey);
    } else if (t.startsWith("/v1/shops/") || t.startsWith("/v1/invites/")) {
      all.remove(shopAKey);
    } else if (t.startsWith("/v1/suppliers/{supplierId}/webhook")) {
      all.remove(ADMIN);
      all.remove(supAKey);
    } else if (t.startsWith("/v1/suppliers/")) {
      all.remove(supAKey);
    }
    return all;
  }

  @Test
  void shouldAnswerBadInputWithAProblemNamingTheField() {
    ApiClientAwait.until(() -> api.get("/v1/orders/" + ORDER, INGEST).body().contains(supA));
    String big = "{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
    record Case(
        String what,
        String method,
        String path,
        String key,
        String body,
        int status,
        String code,
        String field) {}
    List<Case> cases =
        List.of(
            new Case(
                "malformed JSON",
                "POST",
                "/v1/shops",
                ADMIN,
                "{\"name\":",
                400,
                "VALIDATION",
                "body"),
            new Case(
                "not an object", "POST", "/v1/shops", ADMIN, "[1,2]", 422, "VALIDATION", "body"),
            new Case("empty body", "POST", "/v1/shops", ADMIN, "", 422, "VALIDATION", "body"),
            new Case("missing field", "POST", "/v1/shops", ADMIN, "{}", 422, "VALIDATION", "name"),
            new Case(
                "wrong type",
                "POST",
                "/v1/shops",
                ADMIN,
                "{\"name\":42}",
                422,
                "VALIDATION",
                "name"),
            new Case(
                "unknown field",
                "POST",
                "/v1/shops",
                ADMIN,
                "{\"name\":\"x\",\"extra\":1}",
                422,
                "VALIDATION",
                "extra"),
            new Case(
                "unknown enum",
                "POST",
                "/v1/suppliers",
                ADMIN,
                "{\"name\":\"x\",\"identity\":\"BOSS\"}",
                422,
                "VALIDATION",
                "identity"),
            new Case(
                "control characters",
                "POST",
                "/v1/shops",
                ADMIN,
                "{\"name\":\"a\\u0000b\"}",
                422,
                "VALIDATION",
                "name"),
            new Case(
                "body over 1 MiB",
                "POST",
                "/v1/shops",
                ADMIN,
                big,
                413,
                "PAYLOAD_TOO_LARGE",
                "body"),
            new Case(
                "negative amount",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-1", shopA).replace("[]", "[" + line("1", "spu-1", "-5") + "]"),
                422,
                "VALIDATION",
                "lines[0].userPaid"),
            new Case(
                "fractional amount",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-2", shopA).replace("[]", "[" + line("1", "spu-1", "1.5") + "]"),
                422,
                "VALIDATION",
                "lines[0].userPaid"),
            new Case(
                "amount as string",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-3", shopA).replace("[]", "[" + line("1", "spu-1", "\"100\"") + "]"),
                422,
                "VALIDATION",
                "lines[0].userPaid"),
            new Case(
                "overflowing amount",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-4", shopA)
                    .replace("[]", "[" + line("1", "spu-1", "99999999999999999999") + "]"),
                422,
                "VALIDATION",
                "lines[0].userPaid"),
            new Case(
                "amount past the cap",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-5", shopA)
                    .replace("[]", "[" + line("1", "spu-1", "9000000000000000000") + "]"),
                422,
                "VALIDATION",
                "lines[0].userPaid"),
            new Case(
                "unknown field in money",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-6", shopA)
                    .replace(
                        "[]",
                        "["
                            + line("1", "spu-1", "1")
                                .replace("\"feeRateBp\"", "\"currency\":\"CNY\",\"feeRateBp\"")
                            + "]"),
                422,
                "VALIDATION",
                "lines[0].currency"),
            new Case(
                "empty line list",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-7", shopA),
                422,
                "VALIDATION",
                "lines"),
            new Case(
                "too many lines",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-8", shopA, manySpus(501)),
                422,
                "VALIDATION",
                "lines"),
            new Case(
                "hostile ID",
                "POST",
                "/v1/orders",
                INGEST,
                order("../../etc/passwd", shopA, "spu-1"),
                422,
                "VALIDATION",
                "orderId"),
            new Case(
                "unknown shop",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-9", "shp_aaaaaaaaaaaaaaaaaaaa", "spu-1"),
                422,
                "VALIDATION",
                "shopId"),
            new Case(
                "bad timestamp",
                "POST",
                "/v1/orders",
                INGEST,
                order("bad-10", shopA, "spu-1").replace("2026-11-11T00:00:01+08:00", "yesterday"),
                422,
                "VALIDATION",
                "paidAt"),
            new Case(
                "bad status filter",
                "GET",
                "/v1/suppliers/" + supA + "/orders?status=LOST",
                supAKey,
                null,
                422,
                "VALIDATION",
                "status"),
            new Case(
                "bad page size",
                "GET",
                "/v1/suppliers/" + supA + "/orders?limit=100000",
                supAKey,
                null,
                422,
                "VALIDATION",
                "limit"),
            new Case(
                "bad mode",
                "PUT",
                "/v1/shops/" + shopA + "/allocation/mode",
                shopAKey,
                "{\"mode\":\"ALL\"}",
                422,
                "VALIDATION",
                "mode"),
            new Case(
                "whole shop without supplier",
                "PUT",
                "/v1/shops/" + shopA + "/allocation/mode",
                shopAKey,
                "{\"mode\":\"WHOLE_SHOP\",\"dropProductRoutes\":true}",
                422,
                "VALIDATION",
                null),
            new Case(
                "bad boolean",
                "PUT",
                "/v1/shops/" + shopA + "/allocation/mode",
                shopAKey,
                "{\"mode\":\"NONE\",\"dropProductRoutes\":\"yes\"}",
                422,
                "VALIDATION",
                "dropProductRoutes"),
            new Case(
                "blank tracking number",
                "POST",
                "/v1/suppliers/" + supA + "/orders/" + ORDER + "/ship",
                supAKey,
                "{\"carrier\":\"SF\",\"trackingNo\":\" \"}",
                422,
                "VALIDATION",
                "trackingNo"),
            new Case(
                "refund without lines",
                "POST",
                "/v1/orders/" + ORDER + "/refund",
                INGEST,
                "{\"lineIds\":[],\"refundedAt\":\"2026-11-14T10:00:00+08:00\"}",
                422,
                "VALIDATION",
                "lineIds"),
            new Case(
                "refund of an unknown line",
                "POST",
                "/v1/orders/" + ORDER + "/refund",
                INGEST,
                "{\"lineIds\":[\"9\"],\"refundedAt\":\"2026-11-14T10:00:00+08:00\"}",
                422,
                "VALIDATION",
                "lineIds"),
            new Case(
                "dispute without open",
                "POST",
                "/v1/orders/" + ORDER + "/disputes",
                INGEST,
                "{\"lineIds\":[\"1\"]}",
                422,
                "VALIDATION",
                "open"),
            new Case(
                "negative deposit",
                "POST",
                "/v1/agencies/" + agencyA + "/deposits",
                ADMIN,
                "{\"amount\":-5}",
                422,
                "VALIDATION",
                "amount"),
            new Case(
                "deposit as text",
                "POST",
                "/v1/agencies/" + agencyA + "/deposits",
                ADMIN,
                "{\"amount\":\"lots\"}",
                422,
                "VALIDATION",
                "amount"),
            new Case(
                "malformed month",
                "GET",
                "/v1/agencies/" + agencyA + "?month=November",
                ADMIN,
                null,
                422,
                "VALIDATION",
                "month"),
            new Case(
                "unknown agency",
                "GET",
                "/v1/agencies/agy_aaaaaaaaaaaaaaaaaaaa",
                ADMIN,
                null,
                404,
                "NOT_FOUND",
                null),
            new Case(
                "policy for a month already begun",
                "POST",
                "/v1/policies/deposit-tiers",
                ADMIN,
                "{\"effectiveFrom\":\"2020-01\",\"base\":0,\"tiers\":[]}",
                422,
                "VALIDATION",
                "effectiveFrom"),
            new Case(
                "negative tier",
                "POST",
                "/v1/policies/deposit-tiers",
                ADMIN,
                "{\"effectiveFrom\":\"2099-02\",\"base\":0,"
                    + "\"tiers\":[{\"fromGmv\":-1,\"topUp\":5}]}",
                422,
                "VALIDATION",
                "tiers[0].fromGmv"),
            new Case(
                "policy month not a month",
                "POST",
                "/v1/policies/deposit-tiers",
                ADMIN,
                "{\"effectiveFrom\":\"soon\",\"base\":0,\"tiers\":[]}",
                422,
                "VALIDATION",
                "effectiveFrom"),
            new Case(
                "cycle not a month",
                "POST",
                "/v1/settlements",
                ADMIN,
                "{\"cycle\":\"October\"}",
                422,
                "VALIDATION",
                "cycle"),
            new Case(
                "cycle missing",
                "POST",
                "/v1/settlements",
                ADMIN,
                "{}",
                422,
                "VALIDATION",
                "cycle"),
            new Case(
                "cycle not ended",
                "POST",
                "/v1/settlements",
                ADMIN,
                "{\"cycle\":\"2099-01\"}",
                409,
                "CYCLE_NOT_ENDED",
                null),
            new Case(
                "cycle path not a month",
                "GET",
                "/v1/settlements/2026-13",
                ADMIN,
                null,
                422,
                "VALIDATION",
                "cycle"),
            new Case(
                "cycle never settled",
                "GET",
                "/v1/settlements/2001-01",
                ADMIN,
                null,
                404,
                "NOT_FOUND",
                null),
            new Case(
                "unknown flag",
                "POST",
                "/v1/agencies/" + agencyA + "/flags/flg-999/clear",
                ADMIN,
                null,
                404,
                "NOT_FOUND",
                null),
            new Case(
                "listing in an unknown category",
                "POST",
                "/v1/market/products",
                supAKey,
                "{\"spuId\":\"s\",\"title\":\"T\",\"category\":\"guns\",\"price\":1,"
                    + "\"commissionRateBp\":1,\"sourcePlatform\":\"SUPPLIER\"}",
                422,
                "VALIDATION",
                "category"),
            new Case(
                "listing a price as a string",
                "POST",
                "/v1/market/products",
                supAKey,
                "{\"spuId\":\"s\",\"title\":\"T\",\"category\":\"food\",\"price\":\"1\","
                    + "\"commissionRateBp\":1,\"sourcePlatform\":\"SUPPLIER\"}",
                422,
                "VALIDATION",
                "price"),
            new Case(
                "market search over the page limit",
                "GET",
                "/v1/market/products?limit=1000",
                shopAKey,
                null,
                422,
                "VALIDATION",
                "limit"),
            new Case(
                "a cursor that is not one",
                "GET",
                "/v1/market/products?after=zzz",
                shopAKey,
                null,
                422,
                "VALIDATION",
                "after"),
            new Case(
                "pick of a malformed product ID",
                "POST",
                "/v1/shops/" + shopA + "/market-picks",
                shopAKey,
                "{\"productId\":\"../etc\"}",
                422,
                "VALIDATION",
                "productId"),
            new Case(
                "pick of a product nobody listed",
                "POST",
                "/v1/shops/" + shopA + "/market-picks",
                shopAKey,
                "{\"productId\":\"prd_aaaaaaaaaaaaaaaaaaaa.nothing\"}",
                404,
                "NOT_FOUND",
                null),
            new Case(
                "stats of a month that is not one",
                "GET",
                "/v1/shops/" + shopA + "/stats?month=2026-13",
                shopAKey,
                null,
                422,
                "VALIDATION",
                "month"),
            new Case(
                "a backup that is not bound",
                "PUT",
                "/v1/shops/" + shopA + "/allocation/products/spu-2/skus/spu-2-xl",
                shopAKey,
                "{\"supplierId\":\"" + supA + "\",\"backups\":[\"sup_nobody\"]}",
                422,
                "NOT_BOUND",
                null),
            new Case(
                "a backup named twice",
                "PUT",
                "/v1/shops/" + shopA + "/allocation/products/spu-2",
                shopAKey,
                "{\"supplierId\":\"" + supA + "\",\"backups\":[\"s1\",\"s1\"]}",
                422,
                "VALIDATION",
                "backups"),
            new Case(
                "too many backups",
                "PUT",
                "/v1/shops/" + shopA + "/allocation/products/spu-2",
                shopAKey,
                "{\"supplierId\":\""
                    + supA
                    + "\",\"backups\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}",
                422,
                "VALIDATION",
                "backups"),
            new Case(
                "a backup that is not an ID",
                "PUT",
                "/v1/shops/" + shopA + "/allocation/mode",
                shopAKey,
                "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"" + supA + "\",\"backups\":[\"../x\"]}",
                422,
                "VALIDATION",
                "backups[0]"),
            new Case(
                "a SKU ID that is not one",
                "PUT",
                "/v1/shops/" + shopA + "/allocation/products/spu-2/skus/a%20b",
                shopAKey,
                "{\"supplierId\":\"" + supA + "\"}",
                422,
                "VALIDATION",
                "skuId"),
            new Case(
                "the routing of an order nobody sent",
                "GET",
                "/v1/orders/nothing-1/routing",
                INGEST,
                null,
                404,
                "NOT_FOUND",
                null),
            new Case(
                "a logistics status that is not one",
                "POST",
                "/v1/orders/" + ORDER + "/logistics",
                INGEST,
                "{\"supplierId\":\""
                    + supA
                    + "\",\"status\":\"LOST\",\"at\":\"2026-11-14T10:00:00+08:00\"}",
                422,
                "VALIDATION",
                "status"),
            new Case(
                "a logistics report without its time",
                "POST",
                "/v1/orders/" + ORDER + "/logistics",
                INGEST,
                "{\"supplierId\":\"" + supA + "\",\"status\":\"DELIVERED\"}",
                422,
                "VALIDATION",
                "at"),
            new Case(
                "a scorecard of a month that is not one",
                "GET",
                "/v1/suppliers/" + supA + "/scorecard?month=2026-13",
                shopAKey,
                null,
                422,
                "VALIDATION",
                "month"),
            new Case(
                "a webhook over plain http",
                "PUT",
                "/v1/suppliers/" + supA + "/webhook",
                supAKey,
                "{\"url\":\"http://erp.example.com/h\",\"secret\":\"0123456789abcdef-x\"}",
                422,
                "VALIDATION",
                "url"),
            new Case(
                "a webhook URL with user information",
                "PUT",
                "/v1/suppliers/" + supA + "/webhook",
                supAKey,
                "{\"url\":\"https://u:p@erp.example.com/h\",\"secret\":\"0123456789abcdef-x\"}",
                422,
                "VALIDATION",
                "url"),
            new Case(
                "a webhook secret too short",
                "PUT",
                "/v1/suppliers/" + supA + "/webhook",
                supAKey,
                "{\"url\":\"https://erp.example.com/h\",\"secret\":\"short\"}",
                422,
                "VALIDATION",
                "secret"),
            new Case(
                "a webhook secret with spaces",
                "PUT",
                "/v1/suppliers/" + supA + "/webhook",
                supAKey,
                "{\"url\":\"https://erp.example.com/h\",\"secret\":\"0123456789 abcdef-x\"}",
                422,
                "VALIDATION",
                "secret"),
            new Case(
                "a webhook without its secret",
                "PUT",
                "/v1/suppliers/" + supA + "/webhook",
                supAKey,
                "{\"url\":\"https://erp.example.com/h\"}",
                422,
                "VALIDATION",
                "secret"),
            new Case(
                "a delivery ID that is not one",
                "GET",
                "/v1/suppliers/" + supA + "/webhook/deliveries/42",
                supAKey,
                null,
                422,
                "VALIDATION",
                "deliveryId"),
            new Case(
                "a redelivery of a delivery never made",
                "POST",
                "/v1/suppliers/" + supA + "/webhook/deliveries/d999999/redeliver",
                supAKey,
                null,
                404,
                "NOT_FOUND",
                "deliveryId"),
            new Case(
                "a delivery log page from a cursor that is not one",
                "GET",
                "/v1/suppliers/" + supA + "/webhook/deliveries?before=x",
                supAKey,
                null,
                422,
                "VALIDATION",
                "before"),
            new Case(
                "the webhook of a supplier that has none",
                "GET",
                "/v1/suppliers/" + supA + "/webhook",
                supAKey,
                null,
                404,
                "NOT_FOUND",
                null),
            new Case(
                "the scorecard of nobody",
                "GET",
                "/v1/suppliers/sup_aaaaaaaaaaaaaaaaaaaa/scorecard",
                shopAKey,
                null,
                404,
                "NOT_FOUND",
                null),
            new Case(
                "a reroute limit out of range",
                "POST",
                "/v1/shops/" + shopA + "/allocation/reroute?dryRun=true&limit=5000",
                shopAKey,
                null,
                422,
                "VALIDATION",
                "limit"),
            new Case("unknown route", "GET", "/v1/nothing", ADMIN, null, 404, "NOT_FOUND", null),
            new Case("wrong method", "PATCH", "/v1/shops", ADMIN, null, 405, "VALIDATION", null));
    String before = api.get("/v1/shops/" + shopA + "/manual-queue", shopAKey).body();
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      Answer answer = api.call(c.method(), c.path(), c.key(), c.body());
      boolean ok =
          answer.status() == c.status()
              && answer.contentType().startsWith("application/problem+json")
              && c.code().equals(answer.code())
              && (c.field() == null || c.field().equals(answer.json().path("field").asText(null)));
      if (!ok) {
        failures.add(
            c.what()
                + " -> "
                + answer.status()
                + " "
                + answer.body().substring(0, Math.min(300, answer.body().length())));
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(
        before,
        api.get("/v1/shops/" + shopA + "/manual-queue", shopAKey).body(),
        "nothing half-written");
    assertEquals(404, api.get("/v1/orders/bad-1", INGEST).status());
  }

  /**
   * A body declared over 1 MiB is answered 413 before it is sent when the client waits for {@code
   * 100 Continue}, and after it is read when the client sends it anyway, on a connection that then
   * answers the next request: a client that does not wait never finds the connection reset under
   * its 413 (Java's HttpClient lost about 1 in 100 that way).
   */
  @Test
  void shouldRefuseAnOversizedBodyWithoutLosingTheAnswerOrTheConnection() throws Exception {
    byte[] big = ("{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}").getBytes();
    Map<String, String> head =
        Map.of(
            "Authorization",
            "Bearer " + ADMIN,
            "Content-Type",
            "application/json",
            "Content-Length",
            Integer.toString(big.length));
    int port = server.node.httpAddress().getPort();
    try (RawHttpConnection waiting = new RawHttpConnection(port)) {
      Map<String, String> expecting = new HashMap<>(head);
      expecting.put("Expect", "100-continue");
      waiting.sendHead("POST", "/v1/shops", expecting);
      RawAnswer answer = waiting.read();
      assertEquals(413, answer.status(), answer.body());
      assertTrue(answer.body().contains("\"field\":\"body\""), answer.body());
    }
    try (RawHttpConnection sending = new RawHttpConnection(port)) {
      sending.sendHead("POST", "/v1/shops", head);
      sending.sendBody(big);
      RawAnswer refused = sending.read();
      assertEquals(413, refused.status(), refused.body());
      assertEquals(
          "PAYLOAD_TOO_LARGE", ApiClient.JSON.readTree(refused.body()).path("code").asText());
      sending.sendHead("GET", "/health", Map.of());
      assertEquals(200, sending.read().status(), "the same connection answers the next request");
    }
  }

  private static String[] manySpus(int n) {
    String[] spus = new String[n];
    java.util.Arrays.fill(spus, "spu-1");
    return spus;
  }

  @Test
  void shouldDescribeExactlyTheRoutesTheServerBinds() throws Exception {
    Answer yaml = api.get("/openapi.yaml", null);
    assertEquals(200, yaml.status());
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(yaml.body());
    assertTrue(doc.path("openapi").asText().startsWith("3."));
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      doc.get("paths")
          .get(path)
          .fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
    }
    Set<String> bound = new TreeSet<>();
    endpoints.forEach(e -> bound.add(e.method() + " " + e.template()));
    for (String open : List.of("/health", "/ready", "/metrics", "/openapi.yaml")) {
      bound.add("GET " + open);
    }
    assertEquals(bound, documented, "the document lists every bound route and nothing else");
    // And every documented route is really bound: without a key it is refused, never unknown.
    for (String operation : documented) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x1");
      Answer answer = api.call(method, path, null, null);
      assertTrue(answer.status() != 404 && answer.status() != 405, operation + " -> " + answer);
    }
  }
}
