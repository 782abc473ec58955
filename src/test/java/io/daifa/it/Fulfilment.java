package io.daifa.it;

import static io.daifa.it.Calls.call;

import io.daifa.client.api.OrdersApi;
import io.daifa.client.api.SuppliersApi;
import io.daifa.client.model.Order;
import io.daifa.client.model.OrderView;
import io.daifa.client.model.OrderViewLine;
import io.daifa.client.model.ReceiptConfirmation;
import io.daifa.client.model.ShipRequest;
import io.daifa.it.Accounts.Account;
import java.time.Duration;
import java.time.OffsetDateTime;

/** An order's life through the generated client, as the marketplace and the supplier drive it. */
final class Fulfilment {

  private Fulfilment() {}

  static OrdersApi orders(HttpTestServer server) {
    return new OrdersApi(server.client(HttpTestServer.INGEST));
  }

  /** The marketplace sends a paid order (answered once it is stored). */
  static void place(HttpTestServer server, Order order) {
    call(() -> orders(server).createOrder(order));
  }

  /** The supplier accepts and ships its part, and the buyer confirms receipt at {@code at}. */
  static void deliver(HttpTestServer server, Account supplier, String orderId, OffsetDateTime at) {
    SuppliersApi suppliers = new SuppliersApi(server.client(supplier.key()));
    // The dispatch reaches the supplier a moment after the order's receipt.
    Calls.eventually(() -> suppliers.acceptOrder(supplier.id(), orderId, null), accepted -> true);
    call(
        () ->
            suppliers.shipOrder(
                supplier.id(), orderId, null, new ShipRequest().carrier("SF").trackingNo("SF-1")));
    call(
        () ->
            orders(server)
                .confirmReceipt(
                    orderId,
                    null,
                    new ReceiptConfirmation().supplierId(supplier.id()).receivedAt(at)));
  }

  /** The order as the read side shows it once {@code count} of its lines are in {@code status}. */
  static OrderView awaitLines(
      HttpTestServer server, String orderId, OrderViewLine.StatusEnum status, int count) {
    return Calls.eventually(
        () -> orders(server).getOrder(orderId, null),
        order -> order.getLines().stream().filter(l -> l.getStatus() == status).count() >= count,
        Duration.ofMillis(20));
  }
}
