package io.daifa.readside;

import com.datastax.oss.driver.api.core.cql.Row;
import io.daifa.order.OrderStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/** The read tables in Cassandra, queried. */
public final class OrderReadStore implements OrderReads {

  private final CassandraSession session;
  private final String linesOf;
  private final String ordersFirst;
  private final String ordersAfter;
  private final String ordersFirstWithStatus;
  private final String ordersAfterWithStatus;

  public OrderReadStore(CassandraSession session, String keyspace) {
    this.session = session;
    this.linesOf =
        "SELECT order_id, line_id, shop_id, supplier_id, status, spu_id, sku_id, quantity,"
            + " carrier, tracking_no, updated_at, settled_cycle, received_at FROM "
            + keyspace
            + ".order_lines WHERE order_id = ?";
    String orders =
        "SELECT order_id, shop_id, status, line_ids, updated_at FROM "
            + keyspace
            + ".supplier_orders WHERE supplier_id = ?";
    this.ordersFirst = orders + " LIMIT ?";
    this.ordersAfter = orders + " AND order_id > ? LIMIT ?";
    // Filtering on status stays inside one supplier's partition.
    this.ordersFirstWithStatus = orders + " AND status = ? LIMIT ? ALLOW FILTERING";
    this.ordersAfterWithStatus =
        orders + " AND order_id > ? AND status = ? LIMIT ? ALLOW FILTERING";
  }

  /** A received line that a settlement has paid out shows as settled. */
  private static String status(Row row) {
    String status = row.getString("status");
    return OrderStatus.RECEIVED.name().equals(status) && row.getString("settled_cycle") != null
        ? OrderStatus.SETTLED.name()
        : status;
  }

  @Override
  public CompletionStage<List<OrderLineRow>> linesOf(String orderId) {
    return session
        .selectAll(linesOf, orderId)
        .thenApply(
            rows -> {
              List<OrderLineRow> lines = new ArrayList<>(rows.size());
              for (Row row : rows) {
                lines.add(
                    new OrderLineRow(
                        row.getString("order_id"),
                        row.getString("line_id"),
                        row.getString("shop_id"),
                        row.getString("supplier_id"),
                        status(row),
                        row.getString("spu_id"),
                        row.getString("sku_id"),
                        row.getInt("quantity"),
                        row.getString("carrier"),
                        row.getString("tracking_no"),
                        row.getInstant("updated_at"),
                        row.getInstant("received_at")));
              }
              return lines;
            });
  }

  @Override
  public CompletionStage<List<SupplierOrderRow>> supplierOrders(
      String supplierId, OrderStatus status, String after, int limit) {
    CompletionStage<List<Row>> rows;
    if (status == null) {
      rows =
          after == null
              ? session.selectAll(ordersFirst, supplierId, limit)
              : session.selectAll(ordersAfter, supplierId, after, limit);
    } else {
      rows =
          after == null
              ? session.selectAll(ordersFirstWithStatus, supplierId, status.name(), limit)
              : session.selectAll(ordersAfterWithStatus, supplierId, after, status.name(), limit);
    }
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
                            row.getInstant("updated_at")))
                .toList());
  }
}
