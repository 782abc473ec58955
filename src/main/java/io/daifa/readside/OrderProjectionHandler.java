package io.daifa.readside;

import io.daifa.order.DropshipDispatch;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import io.daifa.shop.QueuedLine;
import io.daifa.shop.ShopEvent;
import io.daifa.supplier.SupplierEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Keeps the read tables from the shop's and the supplier's order events. Every write carries the
 * event's time as its Cassandra write timestamp, so that applying an event twice changes nothing
 * and the shop's and the supplier's events, read by different projection instances, settle on the
 * latest state in whatever order they arrive.
 */
public final class OrderProjectionHandler extends Handler<EventEnvelope<Object>> {

  private final CassandraSession session;
  private final String lineRouted;
  private final String lineStatus;
  private final String lineShipped;
  private final String supplierOrderReceived;
  private final String supplierOrderStatus;

  public OrderProjectionHandler(CassandraSession session, String keyspace) {
    this.session = session;
    String lines = keyspace + ".order_lines";
    String orders = keyspace + ".supplier_orders";
    this.lineRouted =
        "UPDATE "
            + lines
            + " USING TIMESTAMP ? SET shop_id = ?, supplier_id = ?, status = ?, spu_id = ?,"
            + " sku_id = ?, quantity = ?, updated_at = ? WHERE order_id = ? AND line_id = ?";
    this.lineStatus =
        "UPDATE "
            + lines
            + " USING TIMESTAMP ? SET status = ?, updated_at = ? WHERE order_id = ? AND line_id = ?";
    this.lineShipped =
        "UPDATE "
            + lines
            + " USING TIMESTAMP ? SET status = ?, carrier = ?, tracking_no = ?, updated_at = ?"
            + " WHERE order_id = ? AND line_id = ?";
    this.supplierOrderReceived =
        "UPDATE "
            + orders
            + " USING TIMESTAMP ? SET shop_id = ?, status = ?, line_ids = line_ids + ?,"
            + " updated_at = ? WHERE supplier_id = ? AND order_id = ?";
    this.supplierOrderStatus =
        "UPDATE "
            + orders
            + " USING TIMESTAMP ? SET status = ?, updated_at = ? WHERE supplier_id = ? AND"
            + " order_id = ?";
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Object> envelope) {
    List<CompletionStage<Done>> writes = new ArrayList<>();
    Object event = envelope.event();
    if (event instanceof ShopEvent.OrderRouted e) {
      for (DropshipDispatch dispatch : e.dispatches()) {
        routed(writes, e.shopId(), dispatch, e.at());
      }
      for (QueuedLine queued : e.queued()) {
        queued(writes, e.shopId(), queued, e.at());
      }
    } else if (event instanceof ShopEvent.QueuedLineDispatched e) {
      routed(writes, e.shopId(), e.dispatch(), e.at());
    } else if (event instanceof ShopEvent.LinesReturned e) {
      for (QueuedLine queued : e.lines()) {
        queued(writes, e.shopId(), queued, e.at());
      }
    } else if (event instanceof SupplierEvent.DispatchReceived e) {
      DropshipDispatch dispatch = e.dispatch();
      writes.add(
          session.executeWrite(
              supplierOrderReceived,
              micros(e.at()),
              dispatch.shopId(),
              OrderStatus.ALLOCATED.name(),
              new HashSet<>(dispatch.lineIds()),
              e.at(),
              e.supplierId(),
              dispatch.orderId()));
    } else if (event instanceof SupplierEvent.OrderAccepted e) {
      transition(
          writes,
          e.supplierId(),
          e.orderId(),
          e.lineIds(),
          OrderStatus.ACCEPTED,
          e.orderStatus(),
          e.at());
    } else if (event instanceof SupplierEvent.OrderRejected e) {
      transition(
          writes,
          e.supplierId(),
          e.orderId(),
          e.lineIds(),
          OrderStatus.REJECTED,
          e.orderStatus(),
          e.at());
    } else if (event instanceof SupplierEvent.OrderReceived e) {
      transition(
          writes,
          e.supplierId(),
          e.orderId(),
          e.lineIds(),
          OrderStatus.RECEIVED,
          e.orderStatus(),
          e.at());
    } else if (event instanceof ShopEvent.QueuedLinesRefunded e) {
      for (String lineId : e.lineIds()) {
        writes.add(lineStatus(e.orderId(), lineId, OrderStatus.REFUNDED, e.at()));
      }
    } else if (event instanceof SupplierEvent.LinesRefunded e) {
      transition(
          writes,
          e.supplierId(),
          e.orderId(),
          e.lineIds(),
          OrderStatus.REFUNDED,
          e.orderStatus(),
          e.at());
    } else if (event instanceof SupplierEvent.DisputeOpened e) {
      transition(
          writes,
          e.supplierId(),
          e.orderId(),
          e.lineIds(),
          OrderStatus.DISPUTED,
          e.orderStatus(),
          e.at());
    } else if (event instanceof SupplierEvent.DisputeClosed e) {
      e.restored()
          .forEach((lineId, status) -> writes.add(lineStatus(e.orderId(), lineId, status, e.at())));
      supplierOrder(writes, e.supplierId(), e.orderId(), e.orderStatus(), e.at());
    } else if (event instanceof SupplierEvent.OrderShipped e) {
      for (String lineId : e.lineIds()) {
        writes.add(
            session.executeWrite(
                lineShipped,
                micros(e.at()),
                OrderStatus.SHIPPED.name(),
                e.carrier(),
                e.trackingNo(),
                e.at(),
                e.orderId(),
                lineId));
      }
      supplierOrder(writes, e.supplierId(), e.orderId(), e.orderStatus(), e.at());
    }
    return CompletableFuture.allOf(
            writes.stream()
                .map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new))
        .thenApply(ignored -> Done.getInstance());
  }

  private void routed(
      List<CompletionStage<Done>> writes, String shopId, DropshipDispatch dispatch, Instant at) {
    for (OrderLine line : dispatch.lines()) {
      writes.add(
          line(shopId, dispatch.orderId(), line, dispatch.supplierId(), OrderStatus.ALLOCATED, at));
    }
  }

  private void queued(
      List<CompletionStage<Done>> writes, String shopId, QueuedLine queued, Instant at) {
    writes.add(line(shopId, queued.orderId(), queued.line(), null, OrderStatus.PAID, at));
  }

  private CompletionStage<Done> line(
      String shopId,
      String orderId,
      OrderLine line,
      String supplierId,
      OrderStatus status,
      Instant at) {
    return session.executeWrite(
        lineRouted,
        micros(at),
        shopId,
        supplierId,
        status.name(),
        line.spuId(),
        line.skuId(),
        line.quantity(),
        at,
        orderId,
        line.lineId());
  }

  private void transition(
      List<CompletionStage<Done>> writes,
      String supplierId,
      String orderId,
      List<String> lineIds,
      OrderStatus lineStatus,
      OrderStatus orderStatus,
      Instant at) {
    for (String lineId : lineIds) {
      writes.add(lineStatus(orderId, lineId, lineStatus, at));
    }
    supplierOrder(writes, supplierId, orderId, orderStatus, at);
  }

  private CompletionStage<Done> lineStatus(
      String orderId, String lineId, OrderStatus status, Instant at) {
    return session.executeWrite(lineStatus, micros(at), status.name(), at, orderId, lineId);
  }

  private void supplierOrder(
      List<CompletionStage<Done>> writes,
      String supplierId,
      String orderId,
      OrderStatus status,
      Instant at) {
    writes.add(
        session.executeWrite(
            supplierOrderStatus, micros(at), status.name(), at, supplierId, orderId));
  }

  /** Cassandra write timestamps are microseconds since the epoch. */
  static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }
}
