package io.daifa.readside;

import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import io.daifa.settlement.SettlementBuckets;
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
  private final String lineFirstRouted;
  private final String lineReceived;
  private final String cycleLine;
  private final String lineRefunded;
  private final String refundClaim;
  private final String buyerOrder;
  private final int settlementDay;

  public OrderProjectionHandler(CassandraSession session, String keyspace, int settlementDay) {
    this.session = session;
    this.settlementDay = settlementDay;
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
    // The first write of a line carries what the settlement needs, in the same upsert.
    this.lineFirstRouted =
        "UPDATE "
            + lines
            + " USING TIMESTAMP ? SET shop_id = ?, supplier_id = ?, status = ?, spu_id = ?,"
            + " sku_id = ?, quantity = ?, updated_at = ?, agency_id = ?, buyer_id = ?, paid_at = ?,"
            + " user_paid = ?, payment_subsidy = ?, influencer_discount = ?, platform_discount = ?,"
            + " fee_rate_bp = ? WHERE order_id = ? AND line_id = ?";
    this.lineReceived =
        "UPDATE "
            + lines
            + " USING TIMESTAMP ? SET status = ?, received_at = ?, updated_at = ? WHERE order_id = ?"
            + " AND line_id = ?";
    this.cycleLine =
        "INSERT INTO "
            + keyspace
            + ".cycle_lines (cycle, bucket, order_id, line_id) VALUES (?, ?, ?, ?)";
    this.lineRefunded =
        "UPDATE "
            + lines
            + " USING TIMESTAMP ? SET status = ?, refunded_at = ?, updated_at = ? WHERE order_id = ?"
            + " AND line_id = ?";
    this.refundClaim =
        "INSERT INTO "
            + keyspace
            + ".refund_claims (bucket, order_id, line_id, refunded_at) VALUES (?, ?, ?, ?)";
    this.buyerOrder =
        "INSERT INTO "
            + keyspace
            + ".buyer_orders (agency_id, buyer_id, paid_at, order_id) VALUES (?, ?, ?, ?)";
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Object> envelope) {
    List<CompletionStage<Done>> writes = new ArrayList<>();
    Object event = envelope.event();
    if (event instanceof ShopEvent.OrderRouted e) {
      for (DropshipDispatch dispatch : e.dispatches()) {
        for (OrderLine line : dispatch.lines()) {
          writes.add(
              firstRouted(
                  e.shopId(),
                  e.order(),
                  line,
                  dispatch.supplierId(),
                  OrderStatus.ALLOCATED,
                  e.at()));
        }
      }
      for (QueuedLine queued : e.queued()) {
        writes.add(
            firstRouted(e.shopId(), e.order(), queued.line(), null, OrderStatus.PAID, e.at()));
      }
      buyerOrder(writes, e.order());
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
      String cycle = SettlementBuckets.cycleOf(e.receivedAt(), e.at(), settlementDay).toString();
      int bucket = SettlementBuckets.of(e.orderId());
      for (String lineId : e.lineIds()) {
        writes.add(
            session.executeWrite(
                lineReceived,
                micros(e.at()),
                OrderStatus.RECEIVED.name(),
                e.receivedAt(),
                e.at(),
                e.orderId(),
                lineId));
        writes.add(session.executeWrite(cycleLine, cycle, bucket, e.orderId(), lineId));
      }
      supplierOrder(writes, e.supplierId(), e.orderId(), e.orderStatus(), e.at());
    } else if (event instanceof ShopEvent.QueuedLinesRefunded e) {
      for (String lineId : e.lineIds()) {
        writes.add(lineStatus(e.orderId(), lineId, OrderStatus.REFUNDED, e.at()));
      }
    } else if (event instanceof SupplierEvent.LinesRefunded e) {
      // Every refund of a dispatched line is a claim: the settlement claws back what the line
      // accrued, if it settled, and drops the claim otherwise.
      int bucket = SettlementBuckets.of(e.orderId());
      for (String lineId : e.lineIds()) {
        writes.add(
            session.executeWrite(
                lineRefunded,
                micros(e.at()),
                OrderStatus.REFUNDED.name(),
                e.refundedAt(),
                e.at(),
                e.orderId(),
                lineId));
        writes.add(session.executeWrite(refundClaim, bucket, e.orderId(), lineId, e.refundedAt()));
      }
      supplierOrder(writes, e.supplierId(), e.orderId(), e.orderStatus(), e.at());
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

  /** A routed line with the order facts the settlement needs (agency, buyer, amounts). */
  private CompletionStage<Done> firstRouted(
      String shopId,
      Order order,
      OrderLine line,
      String supplierId,
      OrderStatus status,
      Instant at) {
    return session.executeWrite(
        lineFirstRouted,
        micros(at),
        shopId,
        supplierId,
        status.name(),
        line.spuId(),
        line.skuId(),
        line.quantity(),
        at,
        order.agencyId(),
        order.buyerId(),
        order.paidAt(),
        line.userPaid().value(),
        line.paymentSubsidy().value(),
        line.influencerDiscount().value(),
        line.platformDiscount().value(),
        line.feeRateBp().value(),
        order.orderId(),
        line.lineId());
  }

  /** A promoter's order by its buyer, for the settlement's burst rule. */
  private void buyerOrder(List<CompletionStage<Done>> writes, Order order) {
    if (order.agencyId() != null) {
      writes.add(
          session.executeWrite(
              buyerOrder, order.agencyId(), order.buyerId(), order.paidAt(), order.orderId()));
    }
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
