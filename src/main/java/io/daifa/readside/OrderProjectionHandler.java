package io.daifa.readside;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.daifa.common.EpochMicros;
import io.daifa.common.Recoveries;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import io.daifa.order.SoldLine;
import io.daifa.routing.ManualReason;
import io.daifa.routing.RouteDecision;
import io.daifa.routing.RuleKind;
import io.daifa.settlement.SettlementBuckets;
import io.daifa.shop.QueuedLine;
import io.daifa.shop.RoutedOrder;
import io.daifa.shop.ShopEvent;
import io.daifa.store.OrderBuckets;
import io.daifa.store.OrderLineRows;
import io.daifa.supplier.SupplierEvent;
import io.daifa.wire.RoutedOrderCell;
import io.daifa.wire.SupplierDispatchesCell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Keeps the read tables from the shop's and the supplier's order events, a group of envelopes at a
 * time. A dispatch enters its supplier's list from the shop's event that created it (the supplier's
 * receipt of it is not tagged: it would only repeat it): a first routing in one row per supplier
 * and shop event, a later dispatch in a row of its own ({@link SupplierOrderList}); the supplier's
 * own events move it on. The group's rows are gathered per partition and written as
 * single-partition batches ({@link PartitionWrites}), the group's agency credits are sent ({@link
 * AgencyGmvFeed}), and the offset moves once both are stored. Every write carries the event's time
 * as its Cassandra write timestamp, so that applying an event twice changes nothing and the shop's
 * and the supplier's events, read by different projection instances, settle on the latest state in
 * whatever order they arrive. The promoted orders are the exception: one row per agency and group
 * ({@link PromotedOrders}), which a group projected again repeats and their reader counts once.
 */
public final class OrderProjectionHandler extends Handler<List<EventEnvelope<Object>>> {

  private final CassandraSession session;
  private final int settlementDay;
  private final String keyspace;
  private final OrderBuckets buckets;
  private final ReadSideSettings settings;
  private final AgencyGmvFeed agencies;
  private final int slice;
  private final ReadSideObserver observer;
  private final Recoveries recoveries;
  private ReadSideStatements prepared;

  public OrderProjectionHandler(
      CassandraSession session,
      String keyspace,
      OrderBuckets buckets,
      int settlementDay,
      ReadSideSettings settings,
      AgencyGmvFeed agencies,
      int slice,
      ReadSideObserver observer,
      Recoveries recoveries) {
    this.session = session;
    this.settlementDay = settlementDay;
    this.keyspace = keyspace;
    this.buckets = buckets;
    this.settings = settings;
    this.agencies = agencies;
    this.slice = slice;
    this.observer = observer;
    this.recoveries = recoveries;
  }

  @Override
  public CompletionStage<Done> start() {
    return ReadSideStatements.prepare(session, keyspace)
        .thenApply(
            statements -> {
              prepared = statements;
              return Done.getInstance();
            });
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<Object>> envelopes) {
    List<JournalEvent> events = new ArrayList<>(envelopes.size());
    for (EventEnvelope<Object> envelope : envelopes) {
      events.add(new JournalEvent(envelope.event(), envelope.sequenceNr(), envelope.timestamp()));
    }
    return project(events);
  }

  /**
   * Writes the rows of these events, then credits their agencies; completes once both are stored.
   * Yields to entity recoveries first.
   */
  public CompletionStage<Done> project(List<JournalEvent> events) {
    return recoveries.awaitQuiet(settings.yieldToRecovery()).thenCompose(quiet -> write(events));
  }

  private CompletionStage<Done> write(List<JournalEvent> events) {
    PartitionWrites writes = new PartitionWrites();
    PromotedOrders promoted = new PromotedOrders();
    long newest = 0;
    for (JournalEvent event : events) {
      add(writes, promoted, event.event(), event.sequenceNr());
      newest = Math.max(newest, event.timestampMillis());
    }
    promoted.writeTo(writes, prepared.promotedOrders());
    long newestWritten = newest;
    return writes
        .execute(session, settings.concurrency(), settings.partitionsPerRequest())
        .thenCompose(written -> agencies.credit(events, slice))
        .thenApply(
            done -> {
              observer.groupProjected(slice, System.currentTimeMillis() - newestWritten);
              return done;
            });
  }

  /**
   * The writes one event, the {@code seqNr}th of its entity, makes; its promoted orders are written
   * with the group's.
   */
  private void add(PartitionWrites writes, PromotedOrders promoted, Object event, long seqNr) {
    ReadSideStatements p = prepared;
    if (event instanceof ShopEvent.OrdersRouted || event instanceof ShopEvent.OrderRouted) {
      ShopEvent shopEvent = (ShopEvent) event;
      Map<String, List<SupplierDispatchesCell.Dispatched>> bySupplier = new LinkedHashMap<>();
      for (RoutedOrder routed : ShopEvent.routedOrders(event)) {
        for (DropshipDispatch dispatch : routed.dispatches()) {
          bySupplier
              .computeIfAbsent(dispatch.supplierId(), s -> new ArrayList<>())
              .add(new SupplierDispatchesCell.Dispatched(dispatch.orderId(), dispatch.lineIds()));
        }
        orderRouted(writes, shopEvent.shopId(), routed, shopEvent.at());
        promoted.add(shopEvent.shopId(), routed.order());
      }
      bySupplier.forEach(
          (supplierId, orders) ->
              supplierDispatched(
                  writes, supplierId, shopEvent.shopId(), seqNr, orders, shopEvent.at()));
    } else if (event instanceof ShopEvent.QueuedLineDispatched e) {
      DropshipDispatch dispatch = e.dispatch();
      supplierOrderReceived(writes, dispatch, e.at());
      RouteDecision byHand = new RouteDecision(RuleKind.MANUAL_ASSIGNMENT, e.at());
      for (OrderLine line : dispatch.lines()) {
        line(
            writes,
            e.shopId(),
            dispatch.orderId(),
            line,
            dispatch.supplierId(),
            byHand,
            null,
            e.at());
      }
    } else if (event instanceof ShopEvent.LinesReturned e) {
      linesReturned(writes, e);
    } else if (event instanceof SupplierEvent.DispatchReceived e) {
      // Journals from before batches: the supplier's row came from its own event then.
      supplierOrderReceived(writes, e.dispatch(), e.at());
    } else if (event instanceof SupplierEvent.OrderAccepted e) {
      transition(writes, e, e.lineIds(), OrderStatus.ACCEPTED, e.orderStatus());
    } else if (event instanceof SupplierEvent.OrderRejected e) {
      transition(writes, e, e.lineIds(), OrderStatus.REJECTED, e.orderStatus());
    } else if (event instanceof SupplierEvent.LogisticsReported e) {
      int bucket = buckets.of(e.orderId());
      for (String lineId : e.lineIds()) {
        writes.add(
            p.lineLogistics(),
            bucket,
            micros(e.at()),
            e.status().name(),
            micros(e.happenedAt()),
            bucket,
            e.orderId(),
            e.shopId(),
            lineId);
      }
    } else if (event instanceof SupplierEvent.LinesWithdrawn e) {
      transition(writes, e, e.lineIds(), OrderStatus.WITHDRAWN, e.orderStatus());
    } else if (event instanceof SupplierEvent.OrderReceived e) {
      String cycle = SettlementBuckets.cycleOf(e.receivedAt(), e.at(), settlementDay).toString();
      int bucket = SettlementBuckets.of(e.orderId());
      int linesBucket = buckets.of(e.orderId());
      for (String lineId : e.lineIds()) {
        writes.add(
            p.lineReceived(),
            linesBucket,
            micros(e.at()),
            OrderStatus.RECEIVED.name(),
            e.receivedAt(),
            e.at(),
            linesBucket,
            e.orderId(),
            e.shopId(),
            lineId);
        writes.add(
            p.cycleLine(), cycle + "/" + bucket, cycle, bucket, e.orderId(), e.shopId(), lineId);
      }
      supplierOrder(writes, e, e.orderStatus());
    } else if (event instanceof ShopEvent.QueuedLinesRefunded e) {
      for (String lineId : e.lineIds()) {
        lineStatus(writes, e.orderId(), e.shopId(), lineId, OrderStatus.REFUNDED, e.at());
      }
    } else if (event instanceof SupplierEvent.LinesRefunded e) {
      // Every refund of a dispatched line is a claim: the settlement claws back what the line
      // accrued, if it settled, and drops the claim otherwise.
      int bucket = SettlementBuckets.of(e.orderId());
      int linesBucket = buckets.of(e.orderId());
      for (String lineId : e.lineIds()) {
        writes.add(
            p.lineRefunded(),
            linesBucket,
            micros(e.at()),
            OrderStatus.REFUNDED.name(),
            e.refundedAt(),
            e.at(),
            linesBucket,
            e.orderId(),
            e.shopId(),
            lineId);
        writes.add(
            p.refundClaim(), bucket, bucket, e.orderId(), e.shopId(), lineId, e.refundedAt());
      }
      supplierOrder(writes, e, e.orderStatus());
    } else if (event instanceof SupplierEvent.DisputeOpened e) {
      transition(writes, e, e.lineIds(), OrderStatus.DISPUTED, e.orderStatus());
    } else if (event instanceof SupplierEvent.DisputeClosed e) {
      e.restored()
          .forEach(
              (lineId, status) ->
                  lineStatus(writes, e.orderId(), e.shopId(), lineId, status, e.at()));
      supplierOrder(writes, e, e.orderStatus());
    } else if (event instanceof SupplierEvent.OrderShipped e) {
      int bucket = buckets.of(e.orderId());
      for (String lineId : e.lineIds()) {
        writes.add(
            p.lineShipped(),
            bucket,
            micros(e.at()),
            OrderStatus.SHIPPED.name(),
            e.carrier(),
            e.trackingNo(),
            e.at(),
            bucket,
            e.orderId(),
            e.shopId(),
            lineId);
      }
      supplierOrder(writes, e, e.orderStatus());
    }
  }

  /**
   * A routed order's own row: every line's sale (what the settlement needs: agency, buyer, amounts,
   * a market line's commission rate) and first routing in one cell, the hottest write of the read
   * side (docs/performance-history.md, "One row per routed order").
   */
  private void orderRouted(PartitionWrites writes, String shopId, RoutedOrder routed, Instant at) {
    Order order = routed.order();
    List<RoutedOrderCell.Line> lines = new ArrayList<>(order.lines().size());
    int decided = 0;
    for (DropshipDispatch dispatch : routed.dispatches()) {
      for (OrderLine line : dispatch.lines()) {
        lines.add(
            new RoutedOrderCell.Line(
                sold(order, line, routed.commissionRates().get(line.lineId())),
                dispatch.supplierId(),
                routed.decisions().isEmpty() ? null : routed.decisions().get(decided++),
                null));
      }
    }
    for (QueuedLine queued : routed.queued()) {
      lines.add(
          new RoutedOrderCell.Line(
              sold(order, queued.line(), null),
              null,
              new RouteDecision(RuleKind.NONE, null),
              queued.reason()));
    }
    PreparedStatement statement = prepared.orderRouted();
    int bucket = buckets.of(order.orderId());
    BoundStatement bound =
        statement
            .boundStatementBuilder()
            .setLong(0, micros(at))
            .setByteBuffer(1, RoutedOrderCell.write(new RoutedOrderCell.Routed(at, lines)))
            .setInt(2, bucket)
            .setString(3, order.orderId())
            .setString(4, shopId)
            .setString(5, OrderLineRows.ORDER_ROW)
            .build();
    writes.add(statement, bucket, bound);
  }

  private static SoldLine sold(Order order, OrderLine line, Integer commissionRateBp) {
    return new SoldLine(line, order.buyerId(), order.agencyId(), order.paidAt(), commissionRateBp);
  }

  /**
   * What one shop event's first routing dispatched to one supplier: one row of its list, keyed by
   * the event so that projecting it again writes the same row.
   */
  private void supplierDispatched(
      PartitionWrites writes,
      String supplierId,
      String shopId,
      long seqNr,
      List<SupplierDispatchesCell.Dispatched> orders,
      Instant at) {
    PreparedStatement statement = prepared.supplierDispatched();
    long micros = micros(at);
    writes.add(
        statement,
        supplierId,
        statement
            .boundStatementBuilder()
            .setLong(0, micros)
            .setByteBuffer(1, SupplierDispatchesCell.write(orders))
            .setString(2, supplierId)
            .setLong(3, micros)
            .setString(4, shopId)
            .setLong(5, seqNr)
            .build());
  }

  /** A dispatch after its order's first routing: a row of its own on its supplier's list. */
  private void supplierOrderReceived(
      PartitionWrites writes, DropshipDispatch dispatch, Instant at) {
    PreparedStatement statement = prepared.supplierOrderReceived();
    writes.add(
        statement,
        dispatch.supplierId(),
        statement
            .boundStatementBuilder()
            .setLong(0, micros(at))
            .setString(1, OrderStatus.ALLOCATED.name())
            .setSet(2, new HashSet<>(dispatch.lineIds()), String.class)
            .setString(3, dispatch.supplierId())
            .setString(4, dispatch.orderId())
            .setString(5, dispatch.shopId())
            .build());
  }

  /**
   * A line routed again: allocated by hand, sent on after a rejection or a withdrawal, or back in
   * the manual queue with its reason.
   */
  private void line(
      PartitionWrites writes,
      String shopId,
      String orderId,
      OrderLine line,
      String supplierId,
      RouteDecision decision,
      ManualReason reason,
      Instant at) {
    OrderStatus status = supplierId == null ? OrderStatus.PAID : OrderStatus.ALLOCATED;
    int bucket = buckets.of(orderId);
    writes.add(
        prepared.lineRouted(),
        bucket,
        micros(at),
        supplierId,
        status.name(),
        at,
        decision.kind().name(),
        decision.setAt() == null ? null : micros(decision.setAt()),
        reason == null ? null : reason.name(),
        bucket,
        orderId,
        shopId,
        line.lineId());
  }

  /**
   * Lines back from a supplier: queued with their reason, or sent on (to a backup after a
   * rejection; under the shop's rules after a withdrawal). A rejection is remembered on the line.
   */
  private void linesReturned(PartitionWrites writes, ShopEvent.LinesReturned e) {
    RouteDecision queuedAgain = new RouteDecision(RuleKind.NONE, null);
    for (QueuedLine queued : e.lines()) {
      line(
          writes,
          e.shopId(),
          queued.orderId(),
          queued.line(),
          null,
          queuedAgain,
          queued.reason(),
          e.at());
      if (!e.withdrawn()) {
        rejection(writes, e, queued.orderId(), queued.lineId());
      }
    }
    RouteDecision backup = new RouteDecision(RuleKind.BACKUP, e.at());
    int decided = 0;
    for (DropshipDispatch dispatch : e.rerouted()) {
      supplierOrderReceived(writes, dispatch, e.at());
      for (OrderLine line : dispatch.lines()) {
        RouteDecision decision = e.decisions().isEmpty() ? backup : e.decisions().get(decided++);
        line(
            writes,
            e.shopId(),
            dispatch.orderId(),
            line,
            dispatch.supplierId(),
            decision,
            null,
            e.at());
        if (!e.withdrawn()) {
          rejection(writes, e, dispatch.orderId(), line.lineId());
        }
      }
    }
  }

  /** The supplier that rejected the line, and when: one entry per hop of its routing. */
  private void rejection(
      PartitionWrites writes, ShopEvent.LinesReturned e, String orderId, String lineId) {
    int bucket = buckets.of(orderId);
    writes.add(
        prepared.lineRejection(),
        bucket,
        micros(e.at()),
        e.supplierId(),
        micros(e.at()),
        bucket,
        orderId,
        e.shopId(),
        lineId);
  }

  private void transition(
      PartitionWrites writes,
      SupplierEvent.OrderEvent e,
      List<String> lineIds,
      OrderStatus lineStatus,
      OrderStatus orderStatus) {
    for (String lineId : lineIds) {
      lineStatus(writes, e.orderId(), e.shopId(), lineId, lineStatus, e.at());
    }
    supplierOrder(writes, e, orderStatus);
  }

  private void lineStatus(
      PartitionWrites writes,
      String orderId,
      String shopId,
      String lineId,
      OrderStatus status,
      Instant at) {
    int bucket = buckets.of(orderId);
    writes.add(
        prepared.lineStatus(),
        bucket,
        micros(at),
        status.name(),
        at,
        bucket,
        orderId,
        shopId,
        lineId);
  }

  private void supplierOrder(
      PartitionWrites writes, SupplierEvent.OrderEvent e, OrderStatus status) {
    writes.add(
        prepared.supplierOrderStatus(),
        e.supplierId(),
        micros(e.at()),
        status.name(),
        e.supplierId(),
        e.orderId(),
        e.shopId());
  }

  /** Cassandra write timestamps are microseconds since the epoch. */
  static long micros(Instant at) {
    return EpochMicros.of(at);
  }
}
