package io.daifa.loadtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.readside.OrderTags;
import io.daifa.shop.ShopEvent;
import io.daifa.store.Schema;
import io.daifa.supplier.SupplierEvent;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * The storage ceiling: how many orders per second Cassandra stores when the router's journal rows
 * for them are written straight to it, with the same driver, as fast as possible. For each order
 * the router writes a journal row and its tagged copy for the shop's {@code OrderRouted}, and the
 * same two rows for each supplier's {@code DispatchReceived}; here those rows are written with the
 * real serialized events of generated orders, in single-partition unlogged batches (as the journal
 * plugin writes them), into a keyspace of the same schema beside the router's. Read-side rows are
 * not counted: they are written after the answer, off the order's path.
 */
final class StorageCeiling {

  /** Orders per batch of rows: the router's batches reach this size under load. */
  private static final int ORDERS_PER_WRITE = 25;

  /** Batches in flight. */
  private static final int CONCURRENCY = 32;

  /** Distinct order shapes serialized up front and then reused, to keep the writer's CPU free. */
  private static final int SHAPES = 2_000;

  record Result(long orders, long rows, long bytes, double seconds) {
    double ordersPerSecond() {
      return orders / seconds;
    }
  }

  /** The rows one order costs: the shop event, then one event per supplier it is split to. */
  private record OrderRows(Row shop, List<Row> suppliers) {}

  private record Row(int serializerId, String manifest, ByteBuffer event) {}

  private final CqlSession session;
  private final String keyspace;
  private final PrintStream out;

  StorageCeiling(CqlSession session, String routerKeyspace, String replication, PrintStream out) {
    this.session = session;
    this.keyspace = routerKeyspace + "_ceiling";
    this.out = out;
    Schema.apply(session, keyspace, replication);
  }

  Result measure(
      ActorSystem<?> system, Scenario scenario, OrderGenerator orders, Duration duration) {
    List<OrderRows> shapes = shapes(system, scenario, orders);
    PreparedStatement message =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".messages (persistence_id, partition_nr, sequence_nr, timestamp, timebucket,"
                + " writer_uuid, ser_id, ser_manifest, event_manifest, event, tags)"
                + " VALUES (?, 0, ?, ?, ?, ?, ?, ?, '', ?, ?)");
    PreparedStatement tagged =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".tag_views (tag_name, timebucket, timestamp, persistence_id,"
                + " tag_pid_sequence_nr, sequence_nr, writer_uuid, ser_id, ser_manifest,"
                + " event_manifest, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)");
    String writer = UUID.randomUUID().toString();
    long bucket = System.currentTimeMillis() / 3_600_000L * 3_600_000L;
    Semaphore slots = new Semaphore(CONCURRENCY);
    AtomicLong sequence = new AtomicLong();
    AtomicLong written = new AtomicLong();
    AtomicLong rows = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long nextReport = start + 1_000_000_000L;
    int unit = 0;
    while (System.nanoTime() < end) {
      slots.acquireUninterruptibly();
      String shopPid = "ceiling-shop-" + unit % 200;
      String supplierPid = "ceiling-supplier-" + unit % 50;
      String tag = OrderTags.tag(unit % 4);
      BatchStatementBuilder shopRows = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      BatchStatementBuilder shopTags = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      BatchStatementBuilder supplierRows = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      BatchStatementBuilder supplierTags = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      long unitRows = 0;
      long unitBytes = 0;
      for (int i = 0; i < ORDERS_PER_WRITE; i++) {
        OrderRows shape = shapes.get((unit * ORDERS_PER_WRITE + i) % shapes.size());
        List<Row> supplierEvents = shape.suppliers();
        for (int r = -1; r < supplierEvents.size(); r++) {
          Row row = r < 0 ? shape.shop() : supplierEvents.get(r);
          String pid = r < 0 ? shopPid : supplierPid;
          long seq = sequence.incrementAndGet();
          UUID timestamp = Uuids.timeBased();
          (r < 0 ? shopRows : supplierRows)
              .addStatement(
                  message.bind(
                      pid,
                      seq,
                      timestamp,
                      Long.toString(bucket),
                      writer,
                      row.serializerId(),
                      row.manifest(),
                      row.event(),
                      java.util.Set.of(tag)));
          (r < 0 ? shopTags : supplierTags)
              .addStatement(
                  tagged.bind(
                      tag,
                      bucket,
                      timestamp,
                      pid,
                      seq,
                      seq,
                      writer,
                      row.serializerId(),
                      row.manifest(),
                      row.event()));
          unitRows += 2;
          unitBytes += 2L * row.event().remaining();
        }
      }
      long orderCount = ORDERS_PER_WRITE;
      long rowCount = unitRows;
      long byteCount = unitBytes;
      CompletableFuture.allOf(
              session.executeAsync(shopRows.build()).toCompletableFuture(),
              session.executeAsync(shopTags.build()).toCompletableFuture(),
              session.executeAsync(supplierRows.build()).toCompletableFuture(),
              session.executeAsync(supplierTags.build()).toCompletableFuture())
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  written.addAndGet(orderCount);
                  rows.addAndGet(rowCount);
                  bytes.addAndGet(byteCount);
                } else if (failures.incrementAndGet() <= 3) {
                  out.println("[loadtest] ceiling write failed: " + failure);
                }
                slots.release();
              });
      unit++;
      if (System.nanoTime() >= nextReport) {
        nextReport += 1_000_000_000L;
        out.printf(
            "[loadtest] ceiling %4.0fs %,10d orders stored%n",
            (System.nanoTime() - start) / 1e9, written.get());
      }
    }
    slots.acquireUninterruptibly(CONCURRENCY);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failures.get() > 0) {
      out.printf("[loadtest] ceiling: %,d batches failed%n", failures.get());
    }
    return new Result(written.get(), rows.get(), bytes.get(), seconds);
  }

  /** Real serialized events of generated orders, routed as the scenario routes them. */
  private static List<OrderRows> shapes(
      ActorSystem<?> system, Scenario scenario, OrderGenerator orders) {
    Serialization serialization = SerializationExtension.get(system);
    Map<String, Integer> shopIndex = new LinkedHashMap<>();
    for (int i = 0; i < scenario.shopIds().size(); i++) {
      shopIndex.put(scenario.shopIds().get(i), i);
    }
    Instant at = Instant.now();
    List<OrderRows> shapes = new ArrayList<>(SHAPES);
    for (int n = 0; n < SHAPES; n++) {
      Order order = orders.next();
      boolean split = shopIndex.get(order.shopId()) % 2 == 1;
      Map<Integer, List<OrderLine>> groups = new LinkedHashMap<>();
      for (OrderLine line : order.lines()) {
        int supplier = split ? Integer.parseInt(line.spuId().substring(4)) % 2 : 0;
        groups.computeIfAbsent(supplier, k -> new ArrayList<>()).add(line);
      }
      List<DropshipDispatch> dispatches = new ArrayList<>();
      List<Row> supplierRows = new ArrayList<>();
      for (Map.Entry<Integer, List<OrderLine>> group : groups.entrySet()) {
        DropshipDispatch dispatch =
            new DropshipDispatch(
                "d-" + n + "-" + group.getKey(),
                order.shopId(),
                "sup_ceiling" + group.getKey(),
                order.orderId(),
                order.agencyId(),
                order.paidAt(),
                group.getValue());
        dispatches.add(dispatch);
        supplierRows.add(
            row(
                serialization,
                new SupplierEvent.DispatchReceived(dispatch.supplierId(), dispatch, at)));
      }
      Row shopRow =
          row(
              serialization,
              new ShopEvent.OrderRouted(
                  order.shopId(), order, order.fingerprint(), dispatches, List.of(), at));
      shapes.add(new OrderRows(shopRow, supplierRows));
    }
    return shapes;
  }

  private static Row row(Serialization serialization, Object event) {
    Serializer serializer = serialization.findSerializerFor(event);
    return new Row(
        serializer.identifier(),
        Serializers.manifestFor(serializer, event),
        ByteBuffer.wrap(serializer.toBinary(event)));
  }
}
