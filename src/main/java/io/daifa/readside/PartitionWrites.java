package io.daifa.readside;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * The writes of one group of envelopes, gathered by table and partition and sent as
 * single-partition unlogged batches: Cassandra applies such a batch as one mutation, so a partition
 * touched by many events of a group (a supplier's order list, an order's lines) costs one request,
 * not one per row. At most {@code concurrency} requests are in flight, so a large group never
 * overruns the driver's per-connection limit.
 */
final class PartitionWrites {

  /** Rows per batch: bounds a batch's size well under Cassandra's batch size failure threshold. */
  static final int MAX_BATCH = 100;

  /**
   * A partition of a table: the writes of different statements to one partition (a line shipped and
   * another line's status in one bucket of order lines) share its batch.
   */
  private record PartitionKey(CqlIdentifier table, Object partition) {}

  private final Map<PartitionKey, List<BoundStatement>> byPartition = new LinkedHashMap<>();

  /** Adds a write to the partition {@code partition} of the table {@code statement} writes. */
  void add(PreparedStatement statement, Object partition, Object... values) {
    add(statement, partition, statement.bind(values));
  }

  /** Adds a statement bound by the caller (typed setters skip the driver's codec lookups). */
  void add(PreparedStatement statement, Object partition, BoundStatement bound) {
    byPartition
        .computeIfAbsent(new PartitionKey(tableOf(statement), partition), k -> new ArrayList<>(2))
        .add(bound);
  }

  /** Every statement here binds its table's key columns, so its first variable names the table. */
  private static CqlIdentifier tableOf(PreparedStatement statement) {
    return statement.getVariableDefinitions().get(0).getTable();
  }

  /**
   * How rows gathered per partition become requests: each partition's rows in chunks of at most
   * {@code maxRows}, and, with {@code partitionsPerRequest} above one, the chunks of several small
   * partitions sharing one request (an unlogged batch over partitions: fewer requests, the same
   * mutations). A partition's rows are split only when they exceed {@code maxRows}.
   */
  static <T> List<List<T>> requests(
      Iterable<List<T>> partitions, int maxRows, int partitionsPerRequest) {
    List<List<T>> requests = new ArrayList<>();
    List<T> pending = new ArrayList<>();
    int packed = 0;
    for (List<T> rows : partitions) {
      for (int from = 0; from < rows.size(); from += maxRows) {
        List<T> chunk = rows.subList(from, Math.min(rows.size(), from + maxRows));
        if (!pending.isEmpty()
            && (packed >= partitionsPerRequest || pending.size() + chunk.size() > maxRows)) {
          requests.add(pending);
          pending = new ArrayList<>();
          packed = 0;
        }
        pending.addAll(chunk);
        packed++;
      }
    }
    if (!pending.isEmpty()) {
      requests.add(pending);
    }
    return requests;
  }

  private static Statement<?> request(List<BoundStatement> rows) {
    return rows.size() == 1
        ? rows.get(0)
        : BatchStatement.newInstance(BatchType.UNLOGGED).addAll(rows);
  }

  /** Sends every request, at most {@code concurrency} at a time; fails if any write fails. */
  CompletionStage<Done> execute(
      CassandraSession session, int concurrency, int partitionsPerRequest) {
    List<Statement<?>> requests =
        requests(byPartition.values(), MAX_BATCH, partitionsPerRequest).stream()
            .<Statement<?>>map(PartitionWrites::request)
            .toList();
    if (requests.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    Iterator<Statement<?>> next = requests.iterator();
    CompletableFuture<?>[] lanes = new CompletableFuture<?>[Math.min(concurrency, requests.size())];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = lane(session, next);
    }
    return CompletableFuture.allOf(lanes).thenApply(all -> Done.getInstance());
  }

  /** One lane sends the next request when its previous one completed, until none is left. */
  private static CompletableFuture<Done> lane(
      CassandraSession session, Iterator<Statement<?>> next) {
    Statement<?> request;
    synchronized (next) {
      if (!next.hasNext()) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      request = next.next();
    }
    return session
        .executeWrite(request)
        .toCompletableFuture()
        .thenCompose(done -> lane(session, next));
  }
}
