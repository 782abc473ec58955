package io.daifa.it;

import static io.daifa.it.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.client.api.AfterSalesApi;
import io.daifa.client.model.OrderView;
import io.daifa.client.model.OrderViewLine;
import io.daifa.client.model.Refund;
import io.daifa.client.model.RefundRequest;
import io.daifa.it.Accounts.Account;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
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

  @Test
  void aRefundTenDaysAfterReceiptIsRecordedThoughTheSupplierForgotTheOrder() throws Exception {
    try (HttpTestServer server = new HttpTestServer("late_refund")) {
      Accounts accounts = new Accounts(server);
      Account shop = accounts.shop("Tea");
      Account supplier = accounts.supplier("Co");
      accounts.bind(shop, supplier);
      accounts.wholeShop(shop, supplier);

      receive(server, "late-a", shop, supplier);
      server.clock.advance(Duration.ofDays(10));
      // Another order closing ten days later turns the supplier's closed-order window over twice.
      receive(server, "late-b", shop, supplier);

      RefundRequest refund =
          new RefundRequest()
              .lineIds(List.of("1"))
              .refundedAt(server.clock.instant().atOffset(ZoneOffset.UTC));
      AfterSalesApi afterSales = new AfterSalesApi(server.client(HttpTestServer.INGEST));
      call(() -> afterSales.refundLines("late-a", null, refund));
      OrderView order =
          Fulfilment.awaitLines(server, "late-a", OrderViewLine.StatusEnum.REFUNDED, 1);
      Map<String, OrderViewLine.StatusEnum> status = new TreeMap<>();
      order.getLines().forEach(l -> status.put(l.getLineId(), l.getStatus()));
      assertEquals(
          Map.of("1", OrderViewLine.StatusEnum.REFUNDED, "2", OrderViewLine.StatusEnum.RECEIVED),
          status);
      assertEquals(
          Refund.StatusEnum.REFUNDED,
          call(() -> afterSales.refundLines("late-a", null, refund)).getStatus(),
          "a repeat changes nothing");
    }
  }

  /** Routes an order of two lines to the supplier, which accepts and ships it; it is received. */
  private static void receive(
      HttpTestServer server, String orderId, Account shop, Account supplier) {
    Fulfilment.place(server, OrderBodies.model(orderId, shop.id(), "spu-a", "spu-b"));
    Fulfilment.deliver(server, supplier, orderId, server.clock.instant().atOffset(ZoneOffset.UTC));
    Fulfilment.awaitLines(server, orderId, OrderViewLine.StatusEnum.RECEIVED, 2);
  }
}
