package io.daifa.it;

import static io.daifa.it.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.client.ApiException;
import io.daifa.client.api.AfterSalesApi;
import io.daifa.client.api.OrdersApi;
import io.daifa.client.api.WebhooksApi;
import io.daifa.client.model.RefundRequest;
import io.daifa.client.model.Webhook;
import io.daifa.client.model.WebhookDelivery;
import io.daifa.client.model.WebhookRequest;
import io.daifa.it.Accounts.Account;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Signed webhooks on the real Cassandra, to real HTTP receivers on loopback that check every
 * signature: retries past failing first attempts, a slow endpoint that holds up no other supplier,
 * the delivery log, a redelivery, an after-sale delivery, and deliveries still owed going out from
 * a router started after the first one stopped. It speaks to the router through the client
 * generated from {@code openapi.yaml}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT {

  private Map<String, Object> config;
  private HttpTestServer server;

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
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private WebhooksApi webhooks(Account supplier) {
    return new WebhooksApi(server.client(supplier.key()));
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
      Webhook set = setWebhook(fast, failingFirst);
      assertEquals(failingFirst.url(), set.getUrl());
      assertEquals("…6789", set.getSecretHint(), "never the secret itself");
      setWebhook(slow, held);
      Calls.refused(403, "FORBIDDEN", () -> webhooks(slow).getWebhook(fast.id()));

      String orderId = "wh-" + System.nanoTime();
      new OrdersApi(server.client(HttpTestServer.INGEST))
          .createOrder(OrderBodies.model(orderId, shop.id(), "spu-a", "spu-b"));

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
      JsonNode sent = body.get("data").get("orders").get(0);
      assertEquals(orderId, sent.get("orderId").asText());
      assertEquals(1, sent.get("lines").size(), "only this supplier's line");
      assertEquals("spu-a", sent.get("lines").get(0).get("spuId").asText());
      WebhookDelivery delivered = newestDelivery(fast, WebhookDelivery.StatusEnum.DELIVERED);
      assertEquals(3, delivered.getAttempts());
      assertEquals("HTTP 204", delivered.getLastResult());
      // The slow supplier's first request may leave after the fast one's third (another slice of
      // the sender): wait for it, still unanswered, rather than race it.
      ApiClientAwait.until(() -> !held.received().isEmpty());
      assertNotEquals(
          WebhookDelivery.StatusEnum.DELIVERED,
          webhooks(slow)
              .listWebhookDeliveries(slow.id(), null, null)
              .getDeliveries()
              .get(0)
              .getStatus(),
          "the slow endpoint has taken nothing yet");

      // Held past the sender's timeout: recorded as such and tried again, then answered.
      WebhookDelivery timedOut =
          newestDelivery(
              slow,
              d ->
                  d.getStatus() == WebhookDelivery.StatusEnum.PENDING
                      && "no answer within 2s".equals(d.getLastResult()));
      assertEquals(1, timedOut.getAttempts());
      slowAnswers.countDown();
      WebhookDelivery slowDelivered = newestDelivery(slow, WebhookDelivery.StatusEnum.DELIVERED);
      assertTrue(slowDelivered.getAttempts() >= 2, slowDelivered.toString());
      assertTrue(held.received().stream().allMatch(WebhookReceiver.Received::signatureValid));

      // The log's detail has what was sent; a redelivery sends it again, under the same ID.
      String deliveryId = delivered.getDeliveryId();
      WebhookDelivery detail = webhooks(fast).getWebhookDelivery(fast.id(), deliveryId);
      assertEquals(
          orderId,
          ApiClient.JSON
              .valueToTree(detail.getPayload())
              .get("data")
              .get("orders")
              .get(0)
              .get("orderId")
              .asText());
      assertEquals(
          "PENDING", webhooks(fast).redeliverWebhook(fast.id(), deliveryId).getStatus().getValue());
      ApiClientAwait.until(() -> failingFirst.received().size() >= 4);
      assertEquals(deliveryId, failingFirst.received().get(3).deliveryId());
      ApiClientAwait.until(
          () -> {
            WebhookDelivery again =
                call(() -> webhooks(fast).getWebhookDelivery(fast.id(), deliveryId));
            return again.getAttempts() == 4
                && again.getStatus() == WebhookDelivery.StatusEnum.DELIVERED;
          });

      // An after-sale request reaches the supplier too.
      new AfterSalesApi(server.client(HttpTestServer.INGEST))
          .refundLines(
              orderId,
              null,
              new RefundRequest()
                  .lineIds(List.of("1"))
                  .refundedAt(OffsetDateTime.parse("2026-11-15T10:00:00+08:00")));
      ApiClientAwait.until(
          () ->
              failingFirst.received().stream()
                  .anyMatch(r -> "aftersale.refunded".equals(r.event())));

      Calls.refused(
          404, "NOT_FOUND", () -> webhooks(fast).getWebhookDelivery(fast.id(), "d999999"));
      webhooks(fast).removeWebhook(fast.id());
      Calls.refused(404, "NOT_FOUND", () -> webhooks(fast).getWebhook(fast.id()));
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
      setWebhook(supplier, down);
      String orderId = "wh-restart-" + System.nanoTime();
      new OrdersApi(server.client(HttpTestServer.INGEST))
          .createOrder(OrderBodies.model(orderId, shop.id(), "spu-r"));
      ApiClientAwait.until(() -> !down.received().isEmpty());
    }
    server.close();
    try (WebhookReceiver up = new WebhookReceiver("secret-of-down-0123456789", 0)) {
      // The same port is gone with the receiver: point the webhook at the new one once the
      // router is back; the delivery keeps its ID and its attempts.
      server = new HttpTestServer(config, new ShiftedClock());
      setWebhook(supplier, up);
      ApiClientAwait.until(() -> !up.received().isEmpty());
      WebhookDelivery delivered = newestDelivery(supplier, WebhookDelivery.StatusEnum.DELIVERED);
      assertTrue(delivered.getAttempts() >= 2, delivered.toString());
      assertTrue(up.received().get(0).signatureValid());
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Account newShop() {
    return new Accounts(server).shop("Hook Shop");
  }

  private Account newSupplier() {
    return new Accounts(server).supplier("Co");
  }

  private void bindAndRoute(Account shop, Account supplier, String spuId) {
    Accounts accounts = new Accounts(server);
    accounts.bind(shop, supplier);
    accounts.route(shop, spuId, supplier);
  }

  private Webhook setWebhook(Account supplier, WebhookReceiver receiver) throws ApiException {
    return webhooks(supplier)
        .setWebhook(
            supplier.id(),
            new WebhookRequest()
                .url(java.net.URI.create(receiver.url()))
                .secret(receiver.secret()));
  }

  private WebhookDelivery newestDelivery(Account supplier, WebhookDelivery.StatusEnum status) {
    return newestDelivery(supplier, d -> d.getStatus() == status);
  }

  /** The supplier's newest delivery, once it is {@code wanted}. */
  private WebhookDelivery newestDelivery(Account supplier, Predicate<WebhookDelivery> wanted) {
    WebhookDelivery[] newest = new WebhookDelivery[1];
    ApiClientAwait.until(
        () -> {
          var page = call(() -> webhooks(supplier).listWebhookDeliveries(supplier.id(), null, 1));
          newest[0] = page.getDeliveries().isEmpty() ? null : page.getDeliveries().get(0);
          return newest[0] != null && wanted.test(newest[0]);
        });
    return newest[0];
  }
}
