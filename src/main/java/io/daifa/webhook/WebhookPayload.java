package io.daifa.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.daifa.http.Json;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.OrderLine;
import io.daifa.supplier.SupplierEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a supplier is told by webhook, and in which words: the JSON body of one delivery, made from
 * the supplier event it reports. One event is one delivery, so that a batch of dispatches is one
 * POST. {@code id} ({@code d<sequence number>}) is the same on every attempt: a receiver that sees
 * it twice has seen the same message.
 */
public record WebhookPayload(String type, String body) {

  public static final String ORDERS_DISPATCHED = "orders.dispatched";
  public static final String LINES_WITHDRAWN = "lines.withdrawn";
  public static final String LINES_REFUNDED = "aftersale.refunded";
  public static final String DISPUTE_OPENED = "aftersale.dispute_opened";
  public static final String DISPUTE_CLOSED = "aftersale.dispute_closed";

  /** Whether a supplier with a webhook is owed a delivery for {@code event}. */
  public static boolean isOwedFor(SupplierEvent event) {
    return event instanceof SupplierEvent.DispatchesReceived
        || event instanceof SupplierEvent.LinesWithdrawn
        || event instanceof SupplierEvent.LinesRefunded
        || event instanceof SupplierEvent.DisputeOpened
        || event instanceof SupplierEvent.DisputeClosed;
  }

  public static String deliveryId(long seq) {
    return "d" + seq;
  }

  /** The delivery ID's sequence number; -1 for anything that is no delivery ID. */
  public static long seqOf(String deliveryId) {
    if (deliveryId == null || !deliveryId.matches("d[0-9]{1,18}")) {
      return -1;
    }
    return Long.parseLong(deliveryId.substring(1));
  }

  /** The delivery of event number {@code seq}, or empty for an event owed none. */
  public static Optional<WebhookPayload> of(String supplierId, long seq, SupplierEvent event) {
    String type;
    Object data;
    if (event instanceof SupplierEvent.DispatchesReceived e) {
      type = ORDERS_DISPATCHED;
      data = new Dispatched(e.dispatches().stream().map(DispatchedOrder::of).toList());
    } else if (event instanceof SupplierEvent.LinesWithdrawn e) {
      type = LINES_WITHDRAWN;
      data = new Lines(e.shopId(), e.orderId(), e.lineIds(), e.orderStatus().name(), null);
    } else if (event instanceof SupplierEvent.LinesRefunded e) {
      type = LINES_REFUNDED;
      data =
          new Lines(e.shopId(), e.orderId(), e.lineIds(), e.orderStatus().name(), e.refundedAt());
    } else if (event instanceof SupplierEvent.DisputeOpened e) {
      type = DISPUTE_OPENED;
      data = new Lines(e.shopId(), e.orderId(), e.lineIds(), e.orderStatus().name(), null);
    } else if (event instanceof SupplierEvent.DisputeClosed e) {
      type = DISPUTE_CLOSED;
      data =
          new Lines(
              e.shopId(),
              e.orderId(),
              List.copyOf(new java.util.TreeSet<>(e.restored().keySet())),
              e.orderStatus().name(),
              null);
    } else {
      return Optional.empty();
    }
    try {
      String body =
          Json.MAPPER.writeValueAsString(
              new Envelope(deliveryId(seq), type, supplierId, event.at(), data));
      return Optional.of(new WebhookPayload(type, body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a webhook body is plain records", e);
    }
  }

  record Envelope(String id, String type, String supplierId, Instant createdAt, Object data) {}

  record Dispatched(List<DispatchedOrder> orders) {}

  record DispatchedOrder(
      String shopId, String orderId, String agencyId, Instant paidAt, List<Line> lines) {
    static DispatchedOrder of(DropshipDispatch dispatch) {
      return new DispatchedOrder(
          dispatch.shopId(),
          dispatch.orderId(),
          dispatch.agencyId(),
          dispatch.paidAt(),
          dispatch.lines().stream().map(Line::of).toList());
    }
  }

  record Line(String lineId, String spuId, String skuId, int quantity, long userPaid) {
    static Line of(OrderLine line) {
      return new Line(
          line.lineId(), line.spuId(), line.skuId(), line.quantity(), line.userPaid().value());
    }
  }

  record Lines(
      String shopId,
      String orderId,
      List<String> lineIds,
      String orderStatus,
      Instant refundedAt) {}
}
