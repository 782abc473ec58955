package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.it.ApiClient.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Signed webhooks on the real Cassandra, to real HTTP receivers on loopback that check every
 * signature: retries past failing first attempts, a slow endpoint that holds up no other supplier,
 * the delivery log, a redelivery, an after-sale delivery, and deliveries still owed going out from
 * a router started after the first one stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT {

  private static final String ADMIN = HttpTestServer.ADMIN;
  private static final String INGEST = HttpTestServer.INGEST;

  private Map<String, Object> config;
  private HttpTestServer server;
  private ApiClient api;

  record Account(String id, String key) {}

  @BeforeAll
  void start() throws Exception {
    config = HttpTestServer.config("webhooks");
    // Loopback receivers over plain HTTP, and retries in a test's time.
    config.put("daifa.webhooks.require-https", false);
    config.put("daifa.webhooks.allow-private-addresses", true);
    config.put("daifa.webhooks.timeout", "2s");
    config.put("daifa.webhooks.min-backoff", "300ms");
    config.put("daifa.webhooks.max-backoff", "1s");
    server = new HttpTestServer(config, new ShiftedClock());
    api = server.api;
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void shouldSignRetryAndLogDeliveriesWhileASlowEndpointHoldsUpNoOtherSupplier() throws Exception {
    Account shop = newShop();
    Account fast = newSupplier();
    Account slow = newSupplier();
    bindAndRoute(shop, fast, "spu-a");
    bindAndRoute(shop, slow, "spu-b");
    CountDownLatch slowAnswers = new CountDownLatch(1);
    try (WebhookReceiver failingFirst = new WebhookReceiver("secret-of-fast-0123456789", 2);
        WebhookReceiver held = new WebhookReceiver("secret-of-slow-0123456789", 0, slowAnswers)) {
      Answer set = setWebhook(fast, failingFirst);
      assertEquals(200, set.status(), set.toString());
      assertEquals(failingFirst.url(), set.text("url"));
      assertEquals("…6789", set.text("secretHint"), "never the secret itself");
      assertFalse(set.body().contains(failingFirst.secret()));
      assertEquals(200, setWebhook(slow, held).status());
      assertEquals(403, api.get("/v1/suppliers/" + fast.id() + "/webhook", slow.key()).status());

      String orderId = "wh-" + System.nanoTime();
      assertEquals(
          202,
          api.post("/v1/orders", INGEST, OrderBodies.order(orderId, shop.id(), "spu-a", "spu-b"))
              .status());

      // The fast supplier's endpoint fails twice, then takes it, while the slow one still holds
      // its first request.
      ApiClientAwait.until(() -> failingFirst.received().size() >= 3);
      List<WebhookReceiver.Received> toFast = failingFirst.received();
      assertTrue(toFast.stream().allMatch(WebhookReceiver.Received::signatureValid), "signed");
      assertEquals(1, toFast.stream().map(WebhookReceiver.Received::deliveryId).distinct().count());
      assertEquals("orders.dispatched", toFast.get(0).event());
      JsonNode body = ApiClient.JSON.readTree(toFast.get(0).body());
      assertEquals(toFast.get(0).deliveryId(), body.get("id").asText());
      assertEquals(fast.id(), body.get("supplierId").asText());
      JsonNode order = body.get("data").get("orders").get(0);
      assertEquals(orderId, order.get("orderId").asText());
      assertEquals(1, order.get("lines").size(), "only this supplier's line");
      assertEquals("spu-a", order.get("lines").get(0).get("spuId").asText());
      JsonNode delivered = newestDelivery(fast, "DELIVERED");
      assertEquals(3, delivered.get("attempts").asInt());
      assertEquals("HTTP 204", delivered.get("lastResult").asText());
      assertFalse(held.received().isEmpty(), "the slow endpoint was tried");
      assertNotEquals(
          "DELIVERED",
          deliveries(slow).get("deliveries").get(0).get("status").asText(),
          "the slow endpoint has taken nothing yet");

      // Held past the sender's timeout: recorded as such and tried again, then answered.
      JsonNode timedOut = newestDelivery(slow, "PENDING", "no answer within 2s");
      assertEquals(1, timedOut.get("attempts").asInt(), timedOut.toString());
      slowAnswers.countDown();
      JsonNode slowDelivered = newestDelivery(slow, "DELIVERED");
      assertTrue(slowDelivered.get("attempts").asInt() >= 2, slowDelivered.toString());
      assertTrue(held.received().stream().allMatch(WebhookReceiver.Received::signatureValid));

      // The log's detail has what was sent; a redelivery sends it again, under the same ID.
      String deliveryId = delivered.get("deliveryId").asText();
      String path = "/v1/suppliers/" + fast.id() + "/webhook/deliveries/" + deliveryId;
      Answer detail = api.get(path, fast.key());
      assertEquals(200, detail.status(), detail.toString());
      assertEquals(
          orderId,
          detail.json().get("payload").get("data").get("orders").get(0).get("orderId").asText());
      Answer again = api.post(path + "/redeliver", fast.key(), null);
      assertEquals(202, again.status(), again.toString());
      ApiClientAwait.until(() -> failingFirst.received().size() >= 4);
      assertEquals(deliveryId, failingFirst.received().get(3).deliveryId());
      ApiClientAwait.answer(
          () -> api.get(path, fast.key()),
          a -> a.json().get("attempts").asInt() == 4 && a.text("status").equals("DELIVERED"),
          Duration.ofMillis(200));

      // An after-sale request reaches the supplier too.
      String refund = "{\"lineIds\":[\"1\"],\"refundedAt\":\"2026-11-15T10:00:00+08:00\"}";
      assertEquals(200, api.post("/v1/orders/" + orderId + "/refund", INGEST, refund).status());
      ApiClientAwait.until(
          () ->
              failingFirst.received().stream()
                  .anyMatch(r -> "aftersale.refunded".equals(r.event())));

      assertEquals(
          404,
          api.get("/v1/suppliers/" + fast.id() + "/webhook/deliveries/d999999", fast.key())
              .status());
      assertEquals(204, api.delete("/v1/suppliers/" + fast.id() + "/webhook", fast.key()).status());
      assertEquals(404, api.get("/v1/suppliers/" + fast.id() + "/webhook", fast.key()).status());
    } finally {
      slowAnswers.countDown();
    }
  }

  @Test
  void shouldSendWhatIsStillOwedFromARouterStartedAfterTheFirstStopped() throws Exception {
    Account shop = newShop();
    Account supplier = newSupplier();
    bindAndRoute(shop, supplier, "spu-r");
    // Fails far more often than a test waits: the delivery is still owed when the router stops.
    try (WebhookReceiver down = new WebhookReceiver("secret-of-down-0123456789", 1_000_000)) {
      assertEquals(200, setWebhook(supplier, down).status());
      String orderId = "wh-restart-" + System.nanoTime();
      assertEquals(
          202,
          api.post("/v1/orders", INGEST, OrderBodies.order(orderId, shop.id(), "spu-r")).status());
      ApiClientAwait.until(() -> !down.received().isEmpty());
    }
    server.close();
    try (WebhookReceiver up = new WebhookReceiver("secret-of-down-0123456789", 0)) {
      // The same port is gone with the receiver: point the webhook at the new one once the
      // router is back; the delivery keeps its ID and its attempts.
      server = new HttpTestServer(config, new ShiftedClock());
      api = server.api;
      assertEquals(200, setWebhook(supplier, up).status());
      ApiClientAwait.until(() -> !up.received().isEmpty());
      JsonNode delivered = newestDelivery(supplier, "DELIVERED");
      assertTrue(delivered.get("attempts").asInt() >= 2, delivered.toString());
      assertTrue(up.received().get(0).signatureValid());
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Account newShop() {
    Answer created = api.post("/v1/shops", ADMIN, "{\"name\":\"Hook Shop\"}");
    assertEquals(201, created.status(), created.toString());
    return new Account(created.text("shopId"), created.text("apiKey"));
  }

  private Account newSupplier() {
    Answer created =
        api.post("/v1/suppliers", ADMIN, "{\"name\":\"Co\",\"identity\":\"SUPPLIER\"}");
    assertEquals(201, created.status(), created.toString());
    return new Account(created.text("supplierId"), created.text("apiKey"));
  }

  private void bindAndRoute(Account shop, Account supplier, String spuId) {
    Answer invite = api.post("/v1/shops/" + shop.id() + "/invites", shop.key(), null);
    assertEquals(
        200,
        api.post(
                "/v1/suppliers/" + supplier.id() + "/invites/" + invite.text("token") + "/accept",
                supplier.key(),
                null)
            .status());
    assertEquals(
        200,
        api.put(
                "/v1/shops/" + shop.id() + "/allocation/products/" + spuId,
                shop.key(),
                "{\"supplierId\":\"" + supplier.id() + "\"}")
            .status());
  }

  private Answer setWebhook(Account supplier, WebhookReceiver receiver) {
    return api.put(
        "/v1/suppliers/" + supplier.id() + "/webhook",
        supplier.key(),
        "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + receiver.secret() + "\"}");
  }

  private JsonNode deliveries(Account supplier) {
    Answer log = api.get("/v1/suppliers/" + supplier.id() + "/webhook/deliveries", supplier.key());
    assertEquals(200, log.status(), log.toString());
    return log.json();
  }

  /** The supplier's newest delivery, once it has {@code status}. */
  private JsonNode newestDelivery(Account supplier, String status) {
    return newestDelivery(supplier, status, null);
  }

  /** The same, with {@code lastResult} (unless null) as the result of its last attempt. */
  private JsonNode newestDelivery(Account supplier, String status, String lastResult) {
    return ApiClientAwait.answer(
            () ->
                api.get(
                    "/v1/suppliers/" + supplier.id() + "/webhook/deliveries?limit=1",
                    supplier.key()),
            a ->
                a.status() == 200
                    && a.json().get("deliveries").size() == 1
                    && a.json().get("deliveries").get(0).get("status").asText().equals(status)
                    && (lastResult == null
                        || lastResult.equals(
                            a.json().get("deliveries").get(0).path("lastResult").asText())),
            Duration.ofMillis(200))
        .json()
        .get("deliveries")
        .get(0);
  }
}
