package io.daifa.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The CQL of the intake log's two tables ({@code schema/daifa.cql}): the log's rows, one partition
 * per writer and slot, and each writer's row saying through which slot its events are copied. Reads
 * used only by recoveries are synchronous: they run on a blocking thread.
 */
final class IntakeLogTable {

  /** A row of the log: an event as serialized, with the timestamp its copy keeps. */
  record Row(
      String persistenceId,
      long sequenceNr,
      UUID timestamp,
      String writerUuid,
      int serializerId,
      String serializerManifest,
      String eventManifest,
      byte[] event) {}

  /** A writer: a router's journal from its start to its stop. */
  record Writer(String writer, String node, long copiedThrough) {}

  private final Supplier<CompletionStage<CqlSession>> session;
  private final PreparedOnUse insert;
  private final PreparedOnUse voidRow;
  private final PreparedOnUse deleteSlot;
  private final PreparedOnUse record;
  private final PreparedOnUse forget;
  private final String keyspace;

  IntakeLogTable(Supplier<CompletionStage<CqlSession>> session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
    String log = keyspace + ".intake_log";
    String writers = keyspace + ".intake_writers";
    this.insert =
        new PreparedOnUse(
            session,
            "INSERT INTO "
                + log
                + " (writer, slot, persistence_id, sequence_nr, timestamp, writer_uuid, ser_id,"
                + " ser_manifest, event_manifest, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.voidRow =
        new PreparedOnUse(
            session,
            "DELETE FROM "
                + log
                + " WHERE writer = ? AND slot = ? AND persistence_id = ? AND sequence_nr = ?");
    this.deleteSlot =
        new PreparedOnUse(session, "DELETE FROM " + log + " WHERE writer = ? AND slot = ?");
    this.record =
        new PreparedOnUse(
            session, "UPDATE " + writers + " SET node = ?, copied_through = ? WHERE writer = ?");
    this.forget = new PreparedOnUse(session, "DELETE FROM " + writers + " WHERE writer = ?");
  }

  /** Prepares the statements of the answer's path, so that the first write does not wait. */
  CompletionStage<Void> prepare() {
    return insert.get().thenCompose(p -> record.get()).thenApply(p -> null);
  }

  /** Writes rows of one slot as one partition write. */
  CompletionStage<AsyncResultSet> write(String writer, long slot, List<Row> rows) {
    return insert
        .get()
        .thenCompose(p -> batch(rows.stream().map(row -> bind(p, writer, slot, row)).toList()));
  }

  /** Statements of one partition, as one write. */
  private CompletionStage<AsyncResultSet> batch(List<BoundStatement> statements) {
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
    statements.forEach(batch::addStatement);
    return session.get().thenCompose(s -> s.executeAsync(batch.build()));
  }

  private static BoundStatement bind(
      PreparedStatement prepared, String writer, long slot, Row row) {
    return prepared.bind(
        writer,
        slot,
        row.persistenceId(),
        row.sequenceNr(),
        row.timestamp(),
        row.writerUuid(),
        row.serializerId(),
        row.serializerManifest(),
        row.eventManifest(),
        ByteBuffer.wrap(row.event()));
  }

  /**
   * Deletes rows whose write failed, with a later timestamp than their insert: whether that insert
   * landed, lands later or never, the rows are gone.
   */
  CompletionStage<AsyncResultSet> voidRows(
      String writer, long slot, String persistenceId, List<Long> sequenceNrs) {
    return voidRow
        .get()
        .thenCompose(
            p ->
                batch(
                    sequenceNrs.stream()
                        .map(n -> p.bind(writer, slot, persistenceId, n))
                        .toList()));
  }

  CompletionStage<AsyncResultSet> deleteSlot(String writer, long slot) {
    return deleteSlot
        .get()
        .thenCompose(p -> session.get().thenCompose(s -> s.executeAsync(p.bind(writer, slot))));
  }

  CompletionStage<AsyncResultSet> record(String writer, String node, long copiedThrough) {
    return record
        .get()
        .thenCompose(
            p ->
                session
                    .get()
                    .thenCompose(s -> s.executeAsync(p.bind(node, copiedThrough, writer))));
  }

  CompletionStage<AsyncResultSet> forget(String writer) {
    return forget
        .get()
        .thenCompose(p -> session.get().thenCompose(s -> s.executeAsync(p.bind(writer))));
  }

  // Synchronous reads, for recoveries on a blocking thread.

  List<Writer> writers() {
    List<Writer> writers = new ArrayList<>();
    for (com.datastax.oss.driver.api.core.cql.Row row :
        blockingSession()
            .execute("SELECT writer, node, copied_through FROM " + keyspace + ".intake_writers")) {
      writers.add(new Writer(row.getString(0), row.getString(1), row.getLong(2)));
    }
    return writers;
  }

  Optional<Writer> writer(String writer) {
    var row =
        blockingSession()
            .execute(
                "SELECT writer, node, copied_through FROM "
                    + keyspace
                    + ".intake_writers WHERE writer = ?",
                writer)
            .one();
    return row == null
        ? Optional.empty()
        : Optional.of(new Writer(row.getString(0), row.getString(1), row.getLong(2)));
  }

  /** Slots are used in turn, each only after the one before held a write: an empty one ends. */
  boolean slotHasRows(String writer, long slot) {
    return blockingSession()
            .execute(
                "SELECT persistence_id FROM "
                    + keyspace
                    + ".intake_log WHERE writer = ? AND slot = ? LIMIT 1",
                writer,
                slot)
            .one()
        != null;
  }

  /** The rows of a slot, of one persistence ID or (null) all, in key order. */
  List<Row> rows(String writer, long slot, String persistenceId) {
    String cql =
        "SELECT persistence_id, sequence_nr, timestamp, writer_uuid, ser_id, ser_manifest,"
            + " event_manifest, event FROM "
            + keyspace
            + ".intake_log WHERE writer = ? AND slot = ?";
    var result =
        persistenceId == null
            ? blockingSession().execute(cql, writer, slot)
            : blockingSession()
                .execute(cql + " AND persistence_id = ?", writer, slot, persistenceId);
    List<Row> rows = new ArrayList<>();
    for (com.datastax.oss.driver.api.core.cql.Row r : result) {
      rows.add(read(r));
    }
    return rows;
  }

  private static Row read(com.datastax.oss.driver.api.core.cql.Row r) {
    ByteBuffer event = r.getByteBuffer(7);
    byte[] bytes = new byte[event.remaining()];
    event.get(bytes);
    return new Row(
        r.getString(0),
        r.getLong(1),
        r.getUuid(2),
        r.getString(3),
        r.getInt(4),
        r.getString(5),
        r.getString(6),
        bytes);
  }

  private CqlSession blockingSession() {
    return session.get().toCompletableFuture().join();
  }
}
