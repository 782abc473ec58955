package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.it.ApiClient.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Buyers refund days and weeks after receipt (SPEC §8). A supplier forgets a received order once
 * its de-dup window (72 h to 144 h) has passed; a refund ten days after receipt, on a clock moved
 * forward, must still be recorded on the read side (so the line does not settle), not answered 404
 * and lost.
 */
class LateRefundIT {

  private static final String ADMIN = HttpTestServer.ADMIN;
  private static final String INGEST = HttpTestServer.INGEST;

  @Test
  void aRefundTenDaysAfterReceiptIsRecordedThoughTheSupplierForgotTheOrder() throws Exception {
    try (HttpTestServer server = new HttpTestServer("late_refund")) {
      ApiClient api = server.api;
      JsonNode shop = api.post("/v1/shops", ADMIN, "{\"name\":\"Tea\"}").json();
      String shopId = shop.get("shopId").asText();
      String shopKey = shop.get("apiKey").asText();
      JsonNode supplier =
          api.post("/v1/suppliers", ADMIN, "{\"name\":\"Co\",\"identity\":\"SUPPLIER\"}").json();
      String supplierId = supplier.get("supplierId").asText();
      String supplierKey = supplier.get("apiKey").asText();
      String token =
          api.post("/v1/shops/" + shopId + "/invites", shopKey, null).json().get("token").asText();
      assertEquals(
          200,
          api.post(
                  "/v1/suppliers/" + supplierId + "/invites/" + token + "/accept",
                  supplierKey,
                  null)
              .status());
      assertEquals(
          200,
          api.put(
                  "/v1/shops/" + shopId + "/allocation/mode",
                  shopKey,
                  "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"" + supplierId + "\"}")
              .status());

      receive(api, server, "late-a", shopId, supplierId, supplierKey);
      server.clock.advance(Duration.ofDays(10));
      // Another order closing ten days later turns the supplier's closed-order window over twice.
      receive(api, server, "late-b", shopId, supplierId, supplierKey);

      String refund =
          "{\"lineIds\":[\"1\"],\"refundedAt\":\"" + server.clock.instant().toString() + "\"}";
      Answer refunded = api.post("/v1/orders/late-a/refund", INGEST, refund);
      assertEquals(200, refunded.status(), refunded.toString());
      ApiClientAwait.until(() -> api.get("/v1/orders/late-a", INGEST).body().contains("REFUNDED"));
      Map<String, String> status = new TreeMap<>();
      api.get("/v1/orders/late-a", INGEST)
          .json()
          .get("lines")
          .forEach(l -> status.put(l.get("lineId").asText(), l.get("status").asText()));
      assertEquals(Map.of("1", "REFUNDED", "2", "RECEIVED"), status);
      assertEquals(
          200,
          api.post("/v1/orders/late-a/refund", INGEST, refund).status(),
          "a repeat changes nothing");
    }
  }

  /** Routes an order of two lines to the supplier, which accepts and ships it; it is received. */
  private static void receive(
      ApiClient api,
      HttpTestServer server,
      String orderId,
      String shopId,
      String supplierId,
      String supplierKey) {
    assertEquals(
        202,
        api.post("/v1/orders", INGEST, OrderBodies.order(orderId, shopId, "spu-a", "spu-b"))
            .status());
    String base = "/v1/suppliers/" + supplierId + "/orders/" + orderId;
    assertEquals(200, api.post(base + "/accept", supplierKey, null).status());
    assertEquals(
        200,
        api.post(base + "/ship", supplierKey, "{\"carrier\":\"SF\",\"trackingNo\":\"SF1\"}")
            .status());
    Answer received =
        api.post(
            "/v1/orders/" + orderId + "/receipt",
            INGEST,
            "{\"supplierId\":\""
                + supplierId
                + "\",\"receivedAt\":\""
                + server.clock.instant().toString()
                + "\"}");
    assertEquals(200, received.status(), received.toString());
    ApiClientAwait.until(
        () -> api.get("/v1/orders/" + orderId, INGEST).body().contains("RECEIVED"));
  }
}
