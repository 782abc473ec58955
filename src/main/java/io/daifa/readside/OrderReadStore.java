package io.daifa.readside;

import com.datastax.oss.driver.api.core.cql.Row;
import io.daifa.common.EpochMicros;
import io.daifa.order.Logistics;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import io.daifa.order.SoldLine;
import io.daifa.store.OrderBuckets;
import io.daifa.store.OrderLineRows;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/** The read tables in Cassandra, queried. */
public final class OrderReadStore implements OrderReads {

  private final CassandraSession session;
  private final String linesOf;
  private final String ordersFirst;
  private final String ordersAfter;
  private final String ordersAfterShop;
  private final String ordersFirstWithStatus;
  private final String ordersAfterWithStatus;
  private final String ordersAfterShopWithStatus;
  private final String shopsOf;
  private final OrderBuckets buckets;

  public OrderReadStore(CassandraSession session, String keyspace, OrderBuckets buckets) {
    this.session = session;
    this.buckets = buckets;
    this.linesOf =
        "SELECT order_id, line_id, shop_id, supplier_id, status, sale, carrier, tracking_no,"
            + " updated_at, settled_cycle, received_at, rule, rule_set_micros, manual_reason,"
            + " rejections, logistics_status, logistics_micros"
            + " FROM "
            + keyspace
            + ".order_lines WHERE bucket = ? AND order_id = ?";
    String orders =
        // The row's time is its status's: every write sets the status at the event's time (rows
        // written by earlier releases also hold the same instant in updated_at).
        "SELECT order_id, shop_id, status, line_ids, WRITETIME(status) AS status_micros FROM "
            + keyspace
            + ".supplier_orders WHERE supplier_id = ?";
    this.ordersFirst = orders + " LIMIT ?";
    this.ordersAfter = orders + " AND order_id > ? LIMIT ?";
    this.ordersAfterShop = orders + " AND (order_id, shop_id) > (?, ?) LIMIT ?";
    // Filtering on status stays inside one supplier's partition.
    this.ordersFirstWithStatus = orders + " AND status = ? LIMIT ? ALLOW FILTERING";
    this.ordersAfterWithStatus =
        orders + " AND order_id > ? AND status = ? LIMIT ? ALLOW FILTERING";
    this.ordersAfterShopWithStatus =
        orders + " AND (order_id, shop_id) > (?, ?) AND status = ? LIMIT ? ALLOW FILTERING";
    this.shopsOf =
        "SELECT shop_id FROM "
            + keyspace
            + ".supplier_orders WHERE supplier_id = ? AND order_id = ?";
  }

  /** A received line that a settlement has paid out shows as settled. */
  private static String status(OrderLineRows.Line line) {
    String status = line.status();
    return OrderStatus.RECEIVED.name().equals(status) && line.string("settled_cycle") != null
        ? OrderStatus.SETTLED.name()
        : status;
  }

  private static Logistics logistics(OrderLineRows.Line line) {
    String status = line.string("logistics_status");
    return status == null
        ? null
        : new Logistics(
            LogisticsStatus.valueOf(status),
            EpochMicros.toInstant(line.micros("logistics_micros")));
  }

  private static Map<String, Instant> rejections(Map<String, Long> micros) {
    Map<String, Instant> at = new HashMap<>();
    micros.forEach((supplier, when) -> at.put(supplier, EpochMicros.toInstant(when)));
    return at;
  }

  @Override
  public CompletionStage<List<OrderLineRow>> linesOf(String orderId) {
    return session
        .selectAll(linesOf, buckets.of(orderId), orderId)
        .thenApply(
            rows -> {
              List<OrderLineRow> lines = new ArrayList<>(rows.size());
              for (OrderLineRows.Line stored : OrderLineRows.of(rows)) {
                // A supplier's event can be projected before the shop's routing of its line:
                // until the line's sale is written too, the read side does not know the line
                // (its product, quantity, rule) and does not show it half-known.
                SoldLine sold = stored.sold();
                if (sold == null) {
                  continue;
                }
                OrderLine line = sold.line();
                lines.add(
                    new OrderLineRow(
                        stored.orderId(),
                        stored.lineId(),
                        stored.shopId(),
                        stored.supplierId(),
                        status(stored),
                        line.spuId(),
                        line.skuId(),
                        line.quantity(),
                        stored.string("carrier"),
                        stored.string("tracking_no"),
                        stored.updatedAt(),
                        stored.instant("received_at"),
                        sold.commissionRateBp(),
                        new LineRouting(
                            stored.rule(),
                            stored.ruleSetAt(),
                            stored.manualReason(),
                            rejections(stored.rejections())),
                        logistics(stored)));
              }
              return lines;
            });
  }

  @Override
  public CompletionStage<List<SupplierOrderRow>> supplierOrders(
      String supplierId, OrderStatus status, SupplierOrderRow.Cursor after, int limit) {
    List<Object> values = new ArrayList<>(List.of(supplierId));
    String cql;
    if (after == null) {
      cql = status == null ? ordersFirst : ordersFirstWithStatus;
    } else if (after.shopId() == null) {
      cql = status == null ? ordersAfter : ordersAfterWithStatus;
      values.add(after.orderId());
    } else {
      cql = status == null ? ordersAfterShop : ordersAfterShopWithStatus;
      values.add(after.orderId());
      values.add(after.shopId());
    }
    if (status != null) {
      values.add(status.name());
    }
    values.add(limit);
    CompletionStage<List<Row>> rows = session.selectAll(cql, values.toArray());
    return rows.thenApply(
        found ->
            found.stream()
                .map(
                    row ->
                        new SupplierOrderRow(
                            row.getString("order_id"),
                            row.getString("shop_id"),
                            row.getString("status"),
                            List.copyOf(new TreeSet<>(row.getSet("line_ids", String.class))),
                            EpochMicros.toInstant(row.getLong("status_micros"))
                                .truncatedTo(ChronoUnit.MILLIS)))
                .toList());
  }

  @Override
  public CompletionStage<List<String>> shopsOf(String supplierId, String orderId) {
    return session
        .selectAll(shopsOf, supplierId, orderId)
        .thenApply(rows -> rows.stream().map(row -> row.getString("shop_id")).toList());
  }
}
