package io.daifa.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import io.daifa.supplier.SupplierEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {

  private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

  @Test
  void shouldDescribeADispatchBatchAsOneDeliveryOfItsOrders() throws Exception {
    OrderLine line =
        new OrderLine(
            "1",
            "spu-a",
            "sku-1",
            2,
            Fen.of(1990),
            Fen.of(0),
            Fen.of(0),
            Fen.of(0),
            BasisPoints.of(500));
    SupplierEvent event =
        new SupplierEvent.DispatchesReceived(
            "sup_a",
            List.of(
                new DropshipDispatch("x1", "shp_1", "sup_a", "o-1", "agc_1", T0, List.of(line)),
                new DropshipDispatch("x2", "shp_2", "sup_a", "o-2", null, T0, List.of(line))),
            T0);
    assertTrue(WebhookPayload.isOwedFor(event));
    WebhookPayload payload = WebhookPayload.of("sup_a", 42, event).orElseThrow();
    assertEquals(WebhookPayload.ORDERS_DISPATCHED, payload.type());
    JsonNode body = new ObjectMapper().readTree(payload.body());
    assertEquals("d42", body.get("id").asText());
    assertEquals("sup_a", body.get("supplierId").asText());
    assertEquals("2026-12-01T02:00:00Z", body.get("createdAt").asText());
    assertEquals(2, body.get("data").get("orders").size());
    JsonNode first = body.get("data").get("orders").get(0);
    assertEquals("o-1", first.get("orderId").asText());
    assertEquals("shp_1", first.get("shopId").asText());
    assertEquals("sku-1", first.get("lines").get(0).get("skuId").asText());
    assertEquals(2, first.get("lines").get(0).get("quantity").asInt());
    assertEquals(1990, first.get("lines").get(0).get("userPaid").asLong());
  }

  @Test
  void shouldDescribeWithdrawalsAndAfterSalesAndNothingElse() {
    SupplierEvent refunded =
        new SupplierEvent.LinesRefunded(
            "sup_a", "shp_1", "o-1", List.of("1"), OrderStatus.REFUNDED, T0, T0);
    assertEquals(
        WebhookPayload.LINES_REFUNDED,
        WebhookPayload.of("sup_a", 1, refunded).orElseThrow().type());
    SupplierEvent withdrawn =
        new SupplierEvent.LinesWithdrawn(
            "sup_a", "shp_1", "o-1", List.of("1"), OrderStatus.WITHDRAWN, "n1", T0);
    assertEquals(
        WebhookPayload.LINES_WITHDRAWN,
        WebhookPayload.of("sup_a", 2, withdrawn).orElseThrow().type());
    SupplierEvent accepted =
        new SupplierEvent.OrderAccepted(
            "sup_a", "shp_1", "o-1", List.of("1"), OrderStatus.ACCEPTED, T0);
    assertFalse(WebhookPayload.isOwedFor(accepted), "the supplier's own act");
    assertTrue(WebhookPayload.of("sup_a", 3, accepted).isEmpty());
  }

  @Test
  void shouldReadDeliveryIdsBackAndRefuseAnythingElse() {
    assertEquals(42, WebhookPayload.seqOf(WebhookPayload.deliveryId(42)));
    for (String bad :
        new String[] {null, "", "d", "42", "d-1", "d1x", "D1", "d" + "9".repeat(19)}) {
      assertEquals(-1, WebhookPayload.seqOf(bad), String.valueOf(bad));
    }
  }
}
