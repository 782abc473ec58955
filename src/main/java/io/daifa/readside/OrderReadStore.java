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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/** The read tables in Cassandra, queried. */
public final class OrderReadStore implements OrderReads {

  private final CassandraSession session;
  private final String linesOf;
  private final String shopsOf;
  private final SupplierOrderList supplierLists;
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
    this.shopsOf =
        "SELECT shop_id FROM "
            + keyspace
            + ".supplier_orders WHERE supplier_id = ? AND order_id = ?";
    this.supplierLists = new SupplierOrderList(session, keyspace, this::storedLines);
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
    return storedLines(orderId)
        .thenApply(
            all -> {
              List<OrderLineRow> lines = new ArrayList<>(all.size());
              for (OrderLineRows.Line stored : all) {
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

  /** Every shop's stored lines of the order with this ID, laid over its row. */
  CompletionStage<List<OrderLineRows.Line>> storedLines(String orderId) {
    return session.selectAll(linesOf, buckets.of(orderId), orderId).thenApply(OrderLineRows::of);
  }

  @Override
  public CompletionStage<SupplierOrderRow.Page> supplierOrders(
      String supplierId, OrderStatus status, SupplierOrderCursor after, int limit) {
    return supplierLists.page(supplierId, status, after, limit);
  }

  /**
   * The shops whose order with this ID the supplier holds: those its own rows in the supplier's
   * list name, and those whose order has a line the supplier was sent, by the first routing, now,
   * or before it rejected the line.
   */
  @Override
  public CompletionStage<List<String>> shopsOf(String supplierId, String orderId) {
    CompletionStage<List<Row>> own = session.selectAll(shopsOf, supplierId, orderId);
    return own.thenCombine(
        storedLines(orderId),
        (rows, lines) -> {
          Set<String> shops = new TreeSet<>();
          rows.forEach(row -> shops.add(row.getString("shop_id")));
          for (OrderLineRows.Line line : lines) {
            boolean routedThere =
                line.routed() != null && supplierId.equals(line.routed().supplierId());
            if (routedThere
                || supplierId.equals(line.supplierId())
                || line.rejections().containsKey(supplierId)) {
              shops.add(line.shopId());
            }
          }
          return List.copyOf(shops);
        });
  }
}
