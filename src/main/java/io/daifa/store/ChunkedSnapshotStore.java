package io.daifa.store;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.typesafe.config.Config;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * Pekko's snapshot store for Daifa, on Cassandra: a snapshot is written as rows of at most {@code
 * chunk-size} bytes ({@code snapshot_chunks}), so that no snapshot meets Cassandra's limit on one
 * write (16 MiB). The persistence plugin's own store wrote a snapshot as one row: a supplier with
 * about 200,000 open orders could no longer snapshot, and its recoveries grew with every order.
 *
 * <p>A snapshot is whole when all its pieces are there; a crash between them leaves a snapshot that
 * loading skips for the next older one ({@link SnapshotChunks}). Saving keeps the newest {@code
 * keep-snapshots} of an entity and deletes the older ones, whatever asked for the save. A keyspace
 * from before this store keeps its snapshots in the plugin's table, {@code snapshots}: loading
 * reads the newest one there when it has none of its own, unless {@code read-plugin-table} is off
 * (a keyspace created since never had any: one query less on every new entity's recovery).
 */
public final class ChunkedSnapshotStore extends SnapshotStore {

  private final CassandraSession session;
  private final Serialization serialization;
  private final Executor executor;
  private final int chunkSize;
  private final int keepSnapshots;
  private final boolean readPluginTable;
  private final int readPageSize;
  private final Duration requestTimeout;
  private final String profile;
  private final PreparedOnUse insert;
  private final PreparedOnUse select;
  private final PreparedOnUse selectSequenceNrs;
  private final PreparedOnUse delete;
  private final PreparedOnUse deleteBefore;
  private final PreparedOnUse selectLegacy;

  public ChunkedSnapshotStore(Config config) {
    String keyspace = config.getString("keyspace");
    String table = keyspace + ".snapshot_chunks";
    this.session =
        CassandraSessionRegistry.get(context().system())
            .sessionFor(config.getString("session-config"));
    this.serialization = SerializationExtension.get(context().system());
    this.executor = context().dispatcher();
    this.chunkSize = (int) Math.min(Integer.MAX_VALUE, config.getBytes("chunk-size"));
    this.keepSnapshots = config.getInt("keep-snapshots");
    this.readPluginTable = config.getBoolean("read-plugin-table");
    // Pages of about 2 MiB: after a restart every entity loads its snapshot at once, and pages of
    // 8 MiB took Cassandra over 2 s each on this box; small ones keep each request short.
    this.readPageSize = Math.max(1, (int) (2L * 1024 * 1024 / chunkSize));
    this.requestTimeout = config.getDuration("request-timeout");
    this.profile = config.getString("profile");
    this.insert =
        prepare(
            "INSERT INTO "
                + table
                + " (persistence_id, sequence_nr, chunk, chunks, timestamp, ser_id, ser_manifest,"
                + " data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.select =
        prepare(
            "SELECT sequence_nr, chunk, chunks, timestamp, ser_id, ser_manifest, data FROM "
                + table
                + " WHERE persistence_id = ? AND sequence_nr >= ? AND sequence_nr <= ?");
    this.selectSequenceNrs =
        prepare(
            "SELECT sequence_nr, timestamp FROM "
                + table
                + " WHERE persistence_id = ? AND sequence_nr >= ? AND sequence_nr <= ?");
    this.delete = prepare("DELETE FROM " + table + " WHERE persistence_id = ? AND sequence_nr = ?");
    this.deleteBefore =
        prepare("DELETE FROM " + table + " WHERE persistence_id = ? AND sequence_nr < ?");
    this.selectLegacy =
        prepare(
            "SELECT sequence_nr, timestamp, ser_id, ser_manifest, snapshot_data FROM "
                + keyspace
                + ".snapshots WHERE persistence_id = ? AND sequence_nr >= ? AND sequence_nr <= ?");
  }

  private PreparedOnUse prepare(String cql) {
    return new PreparedOnUse(session::underlying, cql);
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    CompletionStage<Optional<SelectedSnapshot>> loaded =
        select
            .get()
            .thenCompose(
                statement ->
                    execute(
                        statement
                            .bind(persistenceId, criteria.minSequenceNr(), criteria.maxSequenceNr())
                            .setPageSize(readPageSize)))
            .thenCompose(rows -> firstWhole(rows, new SnapshotChunks(), criteria))
            .thenCompose(
                whole ->
                    whole != null
                        ? CompletableFuture.completedFuture(Optional.of(whole))
                        : readPluginTable
                            ? loadLegacy(persistenceId, criteria)
                            : CompletableFuture.completedFuture(Optional.empty()))
            // Not on the driver's thread that completed the read: a large snapshot takes a second
            // to deserialize, and that thread serves the journal's requests too.
            .thenApplyAsync(
                whole ->
                    whole.map(
                        w ->
                            SelectedSnapshot.create(
                                SnapshotMetadata.apply(
                                    persistenceId, w.sequenceNr(), w.timestamp()),
                                deserialize(w))),
                executor);
    return FutureConverters.asScala(loaded);
  }

  /** Reads page after page until a snapshot matching {@code criteria} is whole. */
  private CompletionStage<SnapshotChunks.Whole> firstWhole(
      AsyncResultSet rows, SnapshotChunks chunks, SnapshotSelectionCriteria criteria) {
    for (Row row : rows.currentPage()) {
      long timestamp = row.getLong("timestamp");
      if (timestamp < criteria.minTimestamp() || timestamp > criteria.maxTimestamp()) {
        continue;
      }
      SnapshotChunks.Whole whole =
          chunks.offer(
              new SnapshotChunk(
                  row.getLong("sequence_nr"),
                  row.getInt("chunk"),
                  row.getInt("chunks"),
                  timestamp,
                  row.getInt("ser_id"),
                  row.getString("ser_manifest"),
                  row.getByteBuffer("data")));
      if (whole != null) {
        return CompletableFuture.completedFuture(whole);
      }
    }
    if (!rows.hasMorePages()) {
      return CompletableFuture.completedFuture(null);
    }
    return rows.fetchNextPage().thenCompose(next -> firstWhole(next, chunks, criteria));
  }

  private CompletionStage<Optional<SnapshotChunks.Whole>> loadLegacy(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    return selectLegacy
        .get()
        .thenCompose(
            statement ->
                all(
                    statement
                        .bind(persistenceId, criteria.minSequenceNr(), criteria.maxSequenceNr())
                        .setPageSize(readPageSize)))
        .thenApply(
            rows ->
                rows.stream()
                    .filter(row -> !row.isNull("snapshot_data"))
                    .filter(
                        row ->
                            row.getLong("timestamp") >= criteria.minTimestamp()
                                && row.getLong("timestamp") <= criteria.maxTimestamp())
                    .findFirst()
                    .map(
                        row -> {
                          ByteBuffer data = row.getByteBuffer("snapshot_data");
                          byte[] bytes = new byte[data.remaining()];
                          data.duplicate().get(bytes);
                          return new SnapshotChunks.Whole(
                              row.getLong("sequence_nr"),
                              row.getLong("timestamp"),
                              row.getInt("ser_id"),
                              row.getString("ser_manifest"),
                              bytes);
                        }));
  }

  private Object deserialize(SnapshotChunks.Whole whole) {
    return serialization.deserialize(whole.bytes(), whole.serializerId(), whole.manifest()).get();
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    CompletionStage<Void> saved =
        CompletableFuture.supplyAsync(() -> serialization.serialize(snapshot).get(), executor)
            .thenCombine(
                insert.get(),
                (bytes, statement) -> writeChunks(metadata, snapshot, bytes, statement))
            .thenCompose(Function.identity())
            .thenCompose(done -> pruneBefore(metadata));
    return FutureConverters.asScala(saved);
  }

  private CompletionStage<Void> writeChunks(
      SnapshotMetadata metadata, Object snapshot, byte[] bytes, PreparedStatement statement) {
    Serializer serializer = serialization.findSerializerFor(snapshot);
    String manifest = Serializers.manifestFor(serializer, snapshot);
    List<ByteBuffer> pieces = SnapshotChunks.split(bytes, chunkSize);
    List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      writes.add(
          execute(
                  statement.bind(
                      metadata.persistenceId(),
                      metadata.sequenceNr(),
                      i,
                      pieces.size(),
                      metadata.timestamp(),
                      serializer.identifier(),
                      manifest,
                      pieces.get(i)))
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** Deletes every snapshot of the entity older than the newest {@code keep-snapshots}. */
  private CompletionStage<Void> pruneBefore(SnapshotMetadata saved) {
    if (keepSnapshots <= 0) {
      return CompletableFuture.completedFuture(null);
    }
    return selectSequenceNrs
        .get()
        .thenCompose(
            statement -> all(statement.bind(saved.persistenceId(), 0L, saved.sequenceNr())))
        .thenCompose(
            rows -> {
              TreeSet<Long> newestFirst = new TreeSet<>(Comparator.reverseOrder());
              rows.forEach(row -> newestFirst.add(row.getLong("sequence_nr")));
              if (newestFirst.size() <= keepSnapshots) {
                return CompletableFuture.completedFuture(null);
              }
              long oldestKept = newestFirst.stream().skip(keepSnapshots - 1).findFirst().get();
              return deleteBefore
                  .get()
                  .thenCompose(
                      statement -> execute(statement.bind(saved.persistenceId(), oldestKept)))
                  .thenApply(done -> null);
            });
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return FutureConverters.asScala(
        delete
            .get()
            .thenCompose(
                statement ->
                    execute(statement.bind(metadata.persistenceId(), metadata.sequenceNr())))
            .thenApply(done -> (Void) null));
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    CompletionStage<Void> deleted =
        selectSequenceNrs
            .get()
            .thenCompose(
                statement ->
                    all(
                        statement.bind(
                            persistenceId, criteria.minSequenceNr(), criteria.maxSequenceNr())))
            .thenCombine(
                delete.get(),
                (rows, statement) -> deleteMatching(persistenceId, criteria, rows, statement))
            .thenCompose(Function.identity());
    return FutureConverters.asScala(deleted);
  }

  private CompletionStage<Void> deleteMatching(
      String persistenceId,
      SnapshotSelectionCriteria criteria,
      List<Row> rows,
      PreparedStatement statement) {
    TreeSet<Long> sequenceNrs = new TreeSet<>();
    for (Row row : rows) {
      long timestamp = row.getLong("timestamp");
      if (timestamp >= criteria.minTimestamp() && timestamp <= criteria.maxTimestamp()) {
        sequenceNrs.add(row.getLong("sequence_nr"));
      }
    }
    return CompletableFuture.allOf(
        sequenceNrs.stream()
            .map(nr -> execute(statement.bind(persistenceId, nr)).toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  private CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
    Statement<?> withProfile =
        statement.setExecutionProfileName(profile).setTimeout(requestTimeout);
    return session.underlying().thenCompose(s -> s.executeAsync(withProfile));
  }

  /** Every row of a small read: the sequence numbers of an entity's few snapshots. */
  private CompletionStage<List<Row>> all(Statement<?> statement) {
    return execute(statement).thenCompose(first -> collect(first, new ArrayList<>()));
  }

  private CompletionStage<List<Row>> collect(AsyncResultSet page, List<Row> rows) {
    page.currentPage().forEach(rows::add);
    if (!page.hasMorePages()) {
      return CompletableFuture.completedFuture(rows);
    }
    return page.fetchNextPage().thenCompose(next -> collect(next, rows));
  }
}
