package io.daifa.loadtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.daifa.wire.OrderBatchSerializer;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The storage ceiling: the physical limit, not a replay of the router's own rows. It writes what
 * any router must make durable for an order — the order itself, in its compact binary form — as
 * fast as Cassandra takes it: one row per order, in single-partition unlogged batches of {@value
 * #ORDERS_PER_BATCH} orders, {@value #CONCURRENCY} batches in flight, on the same Cassandra and
 * driver as the router, in a keyspace beside the router's. The router divided by this figure says
 * how much of the machine's storage capacity the design leaves on the table.
 */
final class StorageCeiling {

  static final int ORDERS_PER_BATCH = 100;

  private static final int CONCURRENCY = 32;

  /** Partitions written round-robin, as many as the scenario's shops would spread over. */
  private static final int PARTITIONS = 200;

  /** Distinct orders serialized up front and then reused, to keep the writer's CPU free. */
  private static final int SHAPES = 2_000;

  record Result(long orders, long rows, long bytes, double seconds) {
    double ordersPerSecond() {
      return orders / seconds;
    }
  }

  private final CqlSession session;
  private final String keyspace;
  private final PrintStream out;

  StorageCeiling(CqlSession session, String routerKeyspace, String replication, PrintStream out) {
    this.session = session;
    this.keyspace = routerKeyspace + "_ceiling";
    this.out = out;
    ddl("CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
    ddl(
        "CREATE TABLE IF NOT EXISTS "
            + keyspace
            + ".orders (partition int, seq bigint, payload blob, PRIMARY KEY (partition, seq))");
  }

  /** Schema changes right after a load run can take seconds to agree. */
  private void ddl(String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
  }

  Result measure(OrderGenerator orders, Duration duration) {
    List<ByteBuffer> shapes = new ArrayList<>(SHAPES);
    for (int i = 0; i < SHAPES; i++) {
      shapes.add(ByteBuffer.wrap(OrderBatchSerializer.orderBytes(orders.next())));
    }
    PreparedStatement insert =
        session.prepare(
            "INSERT INTO " + keyspace + ".orders (partition, seq, payload) VALUES (?, ?, ?)");
    Semaphore slots = new Semaphore(CONCURRENCY);
    AtomicLong written = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long nextReport = start + 1_000_000_000L;
    long seq = 0;
    for (int batch = 0; System.nanoTime() < end; batch++) {
      slots.acquireUninterruptibly();
      BatchStatementBuilder rows = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      long batchBytes = 0;
      for (int i = 0; i < ORDERS_PER_BATCH; i++, seq++) {
        ByteBuffer payload = shapes.get((int) (seq % SHAPES));
        rows.addStatement(insert.bind(batch % PARTITIONS, seq, payload));
        batchBytes += payload.remaining();
      }
      long counted = batchBytes;
      session
          .executeAsync(rows.build())
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  written.addAndGet(ORDERS_PER_BATCH);
                  bytes.addAndGet(counted);
                } else if (failures.incrementAndGet() <= 3) {
                  out.println("[loadtest] ceiling write failed: " + failure);
                }
                slots.release();
              });
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
    return new Result(written.get(), written.get(), bytes.get(), seconds);
  }
}
