package io.daifa.readside;

import com.datastax.oss.driver.api.core.cql.Row;
import io.daifa.common.EpochMicros;
import io.daifa.order.OrderStatus;
import io.daifa.store.OrderLineRows;
import io.daifa.wire.SupplierDispatchesCell;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * A supplier's list, read from the three tables the read side keeps it in: {@code
 * supplier_dispatches} (one row per shop event whose first routing sent the supplier orders),
 * {@code supplier_order_status} (the status of an order the supplier or its buyer moved on) and
 * {@code supplier_orders} (a row per order for what earlier releases listed, and for an order
 * dispatched to the supplier after its first routing). An order with a row of its own is listed
 * there, with the lines of its first routing too; the first routings' rows list the others. A page
 * examines at most {@link #SCAN_BUDGET} orders, so that a status few orders have still answers
 * soon, with a cursor to go on from.
 */
final class SupplierOrderList {

  static final int SCAN_BUDGET = 5_000;

  private static final int OWN_ROWS_PER_READ = 100;
  private static final int ROUTED_ROWS_PER_READ = 10;
  private static final int ORDERS_PER_LOOKUP = 100;

  private final CassandraSession session;
  private final Function<String, CompletionStage<List<OrderLineRows.Line>>> orderLines;
  private final String ownFirst;
  private final String ownAfter;
  private final String ownAfterShop;
  private final String ownOf;
  private final String routedFirst;
  private final String routedFrom;
  private final String statusOf;

  SupplierOrderList(
      CassandraSession session,
      String keyspace,
      Function<String, CompletionStage<List<OrderLineRows.Line>>> orderLines) {
    this.session = session;
    this.orderLines = orderLines;
    String own =
        "SELECT order_id, shop_id, status, line_ids, WRITETIME(status) AS status_micros FROM "
            + keyspace
            + ".supplier_orders WHERE supplier_id = ?";
    this.ownFirst = own + " LIMIT " + OWN_ROWS_PER_READ;
    this.ownAfter = own + " AND order_id > ? LIMIT " + OWN_ROWS_PER_READ;
    this.ownAfterShop = own + " AND (order_id, shop_id) > (?, ?) LIMIT " + OWN_ROWS_PER_READ;
    this.ownOf =
        "SELECT order_id, shop_id FROM "
            + keyspace
            + ".supplier_orders WHERE supplier_id = ? AND order_id IN ?";
    String routed =
        "SELECT dispatched_micros, shop_id, seq_nr, orders FROM "
            + keyspace
            + ".supplier_dispatches WHERE supplier_id = ?";
    this.routedFirst = routed + " LIMIT " + ROUTED_ROWS_PER_READ;
    this.routedFrom =
        routed
            + " AND (dispatched_micros, shop_id, seq_nr) >= (?, ?, ?) LIMIT "
            + ROUTED_ROWS_PER_READ;
    this.statusOf =
        "SELECT order_id, shop_id, status, WRITETIME(status) AS status_micros FROM "
            + keyspace
            + ".supplier_order_status WHERE supplier_id = ? AND order_id IN ?";
  }

  CompletionStage<SupplierOrderRow.Page> page(
      String supplierId, OrderStatus status, SupplierOrderCursor after, int limit) {
    Scan scan = new Scan(supplierId, status, limit);
    return after instanceof SupplierOrderCursor.Routed from
        ? routed(scan, from)
        : own(scan, (SupplierOrderCursor.Row) after);
  }

  private record Key(String orderId, String shopId) {}

  /** A status and its write time, in microseconds. */
  private record Stamped(String status, long micros) {
    static Stamped newer(Stamped a, Stamped b) {
      return b == null || (a != null && a.micros >= b.micros) ? a : b;
    }
  }

  /** The orders with rows of their own, after {@code after}. */
  private CompletionStage<SupplierOrderRow.Page> own(Scan scan, SupplierOrderCursor.Row after) {
    CompletionStage<List<Row>> read;
    if (after == null) {
      read = session.selectAll(ownFirst, scan.supplierId);
    } else if (after.shopId() == null) {
      read = session.selectAll(ownAfter, scan.supplierId, after.orderId());
    } else {
      read = session.selectAll(ownAfterShop, scan.supplierId, after.orderId(), after.shopId());
    }
    return read.thenCompose(
        rows -> {
          if (rows.isEmpty()) {
            return routed(scan, null);
          }
          List<Key> keys = rows.stream().map(SupplierOrderList::key).toList();
          return statuses(scan.supplierId, keys)
              .thenCombine(
                  firstRoutedLines(scan.supplierId, keys),
                  (statuses, firstLines) -> {
                    for (Row row : rows) {
                      Key key = key(row);
                      Stamped status =
                          Stamped.newer(
                              new Stamped(row.getString("status"), row.getLong("status_micros")),
                              statuses.get(key));
                      Set<String> lines = new TreeSet<>(row.getSet("line_ids", String.class));
                      lines.addAll(firstLines.getOrDefault(key, Set.of()));
                      if (scan.offer(
                          listed(key, status, lines),
                          new SupplierOrderCursor.Row(key.orderId(), key.shopId()))) {
                        return true;
                      }
                    }
                    return false;
                  })
              .thenCompose(
                  stopped ->
                      scan.doneOr(
                          stopped,
                          () ->
                              rows.size() < OWN_ROWS_PER_READ
                                  ? routed(scan, null)
                                  : own(scan, (SupplierOrderCursor.Row) scan.last)));
        });
  }

  /** One order of a first routing's row, and where the list goes on after it. */
  private record Routed(Key key, List<String> lineIds, long micros, SupplierOrderCursor after) {}

  /** The orders of the first routings' rows, from {@code from} (null: from the first). */
  private CompletionStage<SupplierOrderRow.Page> routed(
      Scan scan, SupplierOrderCursor.Routed from) {
    CompletionStage<List<Row>> read =
        from == null
            ? session.selectAll(routedFirst, scan.supplierId)
            : session.selectAll(
                routedFrom, scan.supplierId, from.micros(), from.shopId(), from.seqNr());
    return read.thenCompose(
        rows -> {
          List<Routed> orders = new ArrayList<>();
          for (Row row : rows) {
            long micros = row.getLong("dispatched_micros");
            String shopId = row.getString("shop_id");
            long seqNr = row.getLong("seq_nr");
            boolean resumed =
                from != null
                    && from.micros() == micros
                    && from.seqNr() == seqNr
                    && from.shopId().equals(shopId);
            List<SupplierDispatchesCell.Dispatched> dispatched =
                SupplierDispatchesCell.read(row.getByteBuffer("orders"));
            for (int i = resumed ? from.listed() : 0; i < dispatched.size(); i++) {
              SupplierDispatchesCell.Dispatched order = dispatched.get(i);
              orders.add(
                  new Routed(
                      new Key(order.orderId(), shopId),
                      order.lineIds(),
                      micros,
                      new SupplierOrderCursor.Routed(micros, shopId, seqNr, i + 1)));
            }
          }
          if (orders.isEmpty()) {
            return CompletableFuture.completedFuture(scan.end());
          }
          List<Key> keys = orders.stream().map(Routed::key).toList();
          return statuses(scan.supplierId, keys)
              .thenCombine(
                  withOwnRows(scan.supplierId, keys),
                  (statuses, own) -> {
                    for (Routed order : orders) {
                      if (own.contains(order.key())) {
                        // Listed with its own row, before the first routings.
                        if (scan.pass(order.after())) {
                          return true;
                        }
                        continue;
                      }
                      Stamped status =
                          Stamped.newer(
                              statuses.get(order.key()),
                              new Stamped(OrderStatus.ALLOCATED.name(), order.micros()));
                      if (scan.offer(
                          listed(order.key(), status, new TreeSet<>(order.lineIds())),
                          order.after())) {
                        return true;
                      }
                    }
                    return false;
                  })
              .thenCompose(
                  stopped ->
                      scan.doneOr(
                          stopped,
                          () ->
                              rows.size() < ROUTED_ROWS_PER_READ
                                  ? CompletableFuture.completedFuture(scan.end())
                                  : routed(scan, (SupplierOrderCursor.Routed) scan.last)));
        });
  }

  private static SupplierOrderRow listed(Key key, Stamped status, Set<String> lineIds) {
    return new SupplierOrderRow(
        key.orderId(),
        key.shopId(),
        status.status(),
        List.copyOf(lineIds),
        EpochMicros.toInstant(status.micros()).truncatedTo(ChronoUnit.MILLIS));
  }

  private static Key key(Row row) {
    return new Key(row.getString("order_id"), row.getString("shop_id"));
  }

  /** The statuses the supplier's and the buyers' events set on these orders. */
  private CompletionStage<Map<Key, Stamped>> statuses(String supplierId, List<Key> keys) {
    return lookup(statusOf, supplierId, keys)
        .thenApply(
            rows -> {
              Map<Key, Stamped> found = new HashMap<>();
              for (Row row : rows) {
                found.put(
                    key(row), new Stamped(row.getString("status"), row.getLong("status_micros")));
              }
              return found;
            });
  }

  /** Which of these orders have a row of their own in the supplier's list. */
  private CompletionStage<Set<Key>> withOwnRows(String supplierId, List<Key> keys) {
    return lookup(ownOf, supplierId, keys)
        .thenApply(
            rows -> {
              Set<Key> found = new HashSet<>();
              rows.forEach(row -> found.add(key(row)));
              return found;
            });
  }

  /** The rows of {@code cql} for the keys' order IDs, a bounded number of IDs per request. */
  private CompletionStage<List<Row>> lookup(String cql, String supplierId, List<Key> keys) {
    List<String> orderIds =
        new ArrayList<>(new LinkedHashSet<>(keys.stream().map(Key::orderId).toList()));
    List<CompletableFuture<List<Row>>> reads = new ArrayList<>();
    for (int from = 0; from < orderIds.size(); from += ORDERS_PER_LOOKUP) {
      List<String> chunk =
          orderIds.subList(from, Math.min(orderIds.size(), from + ORDERS_PER_LOOKUP));
      reads.add(session.selectAll(cql, supplierId, List.copyOf(chunk)).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              List<Row> rows = new ArrayList<>();
              reads.forEach(read -> rows.addAll(read.join()));
              return rows;
            });
  }

  /**
   * The lines the first routing of each order sent this supplier, for orders that also have a row
   * of their own (a line routed there first, another by hand later).
   */
  private CompletionStage<Map<Key, Set<String>>> firstRoutedLines(
      String supplierId, List<Key> keys) {
    Set<String> orderIds = new LinkedHashSet<>(keys.stream().map(Key::orderId).toList());
    List<CompletableFuture<List<OrderLineRows.Line>>> reads = new ArrayList<>();
    for (String orderId : orderIds) {
      reads.add(orderLines.apply(orderId).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              Map<Key, Set<String>> lines = new HashMap<>();
              for (CompletableFuture<List<OrderLineRows.Line>> read : reads) {
                for (OrderLineRows.Line line : read.join()) {
                  if (line.routed() != null && supplierId.equals(line.routed().supplierId())) {
                    lines
                        .computeIfAbsent(
                            new Key(line.orderId(), line.shopId()), k -> new HashSet<>())
                        .add(line.lineId());
                  }
                }
              }
              return lines;
            });
  }

  /** One request's walk through the list: what it listed, and how far it looked. */
  private static final class Scan {
    final String supplierId;
    final OrderStatus status;
    final int limit;
    final List<SupplierOrderRow> listed = new ArrayList<>();
    int examined;
    SupplierOrderCursor last;

    Scan(String supplierId, OrderStatus status, int limit) {
      this.supplierId = supplierId;
      this.status = status;
      this.limit = limit;
    }

    /** Lists {@code row} if it has the status asked for; true when the page is done. */
    boolean offer(SupplierOrderRow row, SupplierOrderCursor after) {
      if (status == null || status.name().equals(row.status())) {
        listed.add(row);
      }
      return pass(after);
    }

    /** Moves past an order; true when the page is done. */
    boolean pass(SupplierOrderCursor after) {
      examined++;
      last = after;
      return listed.size() >= limit || examined >= SCAN_BUDGET;
    }

    /** The page so far if {@code stopped}, else what reading on gives. */
    CompletionStage<SupplierOrderRow.Page> doneOr(
        boolean stopped, Supplier<CompletionStage<SupplierOrderRow.Page>> readOn) {
      return stopped ? CompletableFuture.completedFuture(page()) : readOn.get();
    }

    /** The page so far, to go on after the last order examined. */
    SupplierOrderRow.Page page() {
      return new SupplierOrderRow.Page(List.copyOf(listed), last);
    }

    /** The page, the list's last. */
    SupplierOrderRow.Page end() {
      return new SupplierOrderRow.Page(List.copyOf(listed), null);
    }
  }
}
