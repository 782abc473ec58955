package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.ConfigFactory;
import io.daifa.app.DaifaConfig;
import io.daifa.app.DaifaNode;
import io.daifa.common.Ack;
import io.daifa.common.CborSerializable;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.TestOrders;
import io.daifa.readside.OrderProjection;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierIdentity;
import io.daifa.supplier.SupplierState;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.DeleteSnapshotsSuccess;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.junit.jupiter.api.Test;

/**
 * Snapshots through the shipped snapshot store ({@link io.daifa.store.ChunkedSnapshotStore}) on the
 * real node: one larger than Cassandra takes in a write comes back whole, one that lost a piece is
 * passed over for the one before, saving keeps the newest two, and a supplier recovers from its
 * snapshot.
 */
class ChunkedSnapshotStoreIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PLUGIN = "daifa.snapshot-store";

  /** A snapshot of incompressible bytes: 20 MiB of it is 20 MiB on disk. */
  record Blob(byte[] bytes) implements CborSerializable {}

  private static Object ask(ActorRef store, Object message) throws Exception {
    return Patterns.ask(store, message, TIMEOUT).toCompletableFuture().get();
  }

  private static SelectedSnapshot load(ActorRef store, String persistenceId, long maxSequenceNr)
      throws Exception {
    Object result =
        ask(
            store,
            new SnapshotProtocol.LoadSnapshot(
                persistenceId,
                SnapshotSelectionCriteria.create(maxSequenceNr, Long.MAX_VALUE),
                Long.MAX_VALUE));
    SnapshotProtocol.LoadSnapshotResult loaded =
        assertInstanceOf(SnapshotProtocol.LoadSnapshotResult.class, result);
    return loaded.snapshot().isDefined() ? loaded.snapshot().get() : null;
  }

  private static void save(ActorRef store, String persistenceId, long sequenceNr, Object snapshot)
      throws Exception {
    Object result =
        ask(
            store,
            new SnapshotProtocol.SaveSnapshot(
                SnapshotMetadata.apply(persistenceId, sequenceNr, System.currentTimeMillis()),
                snapshot));
    assertInstanceOf(SaveSnapshotSuccess.class, result, String.valueOf(result));
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static List<Row> chunks(DaifaNode node, String keyspace, String persistenceId)
      throws Exception {
    CassandraSession session = OrderProjection.session(node.system());
    return session
        .selectAll(
            "SELECT sequence_nr, chunk FROM "
                + keyspace
                + ".snapshot_chunks WHERE persistence_id = ?",
            persistenceId)
        .toCompletableFuture()
        .get();
  }

  private static TreeSet<Long> sequenceNrs(List<Row> rows) {
    TreeSet<Long> sequenceNrs = new TreeSet<>();
    rows.forEach(row -> sequenceNrs.add(row.getLong("sequence_nr")));
    return sequenceNrs;
  }

  @Test
  void aSnapshotLargerThanOneWriteComesBackWholeAndOnlyTheNewestTwoStay() throws Exception {
    Map<String, Object> config = TestCassandra.freshKeyspace("snapshots");
    String keyspace = (String) config.get("daifa.cassandra.keyspace");
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      ActorRef store =
          Persistence.get(Adapter.toClassic(node.system()))
              .snapshotStoreFor(PLUGIN, ConfigFactory.empty());
      String pid = "Test|large";
      byte[] large = randomBytes(20 * 1024 * 1024);
      save(store, pid, 10, new Blob(large));
      assertEquals(21, chunks(node, keyspace, pid).size(), "20 MiB and its framing in 1 MiB rows");
      SelectedSnapshot loaded = load(store, pid, Long.MAX_VALUE);
      assertEquals(10, loaded.metadata().sequenceNr());
      assertArrayEquals(large, assertInstanceOf(Blob.class, loaded.snapshot()).bytes());

      byte[] second = randomBytes(3 * 1024 * 1024);
      save(store, pid, 20, new Blob(second));
      save(store, pid, 30, new Blob(randomBytes(100)));
      assertEquals(
          new TreeSet<>(List.of(20L, 30L)),
          sequenceNrs(chunks(node, keyspace, pid)),
          "saving the third snapshot deleted the first");

      // A crash after some pieces of the newest were written: the one before is the answer.
      OrderProjection.session(node.system())
          .executeWrite(
              "DELETE FROM "
                  + keyspace
                  + ".snapshot_chunks WHERE persistence_id = ? AND sequence_nr = 30 AND chunk = 0",
              pid)
          .toCompletableFuture()
          .get();
      SelectedSnapshot older = load(store, pid, Long.MAX_VALUE);
      assertEquals(20, older.metadata().sequenceNr());
      assertArrayEquals(second, assertInstanceOf(Blob.class, older.snapshot()).bytes());
      assertEquals(null, load(store, pid, 19), "none at or before 19 is left");

      Object deleted =
          ask(
              store,
              new SnapshotProtocol.DeleteSnapshots(
                  pid, SnapshotSelectionCriteria.create(Long.MAX_VALUE, Long.MAX_VALUE)));
      assertInstanceOf(DeleteSnapshotsSuccess.class, deleted);
      assertEquals(null, load(store, pid, Long.MAX_VALUE));
      assertTrue(chunks(node, keyspace, pid).isEmpty());
    }
  }

  @Test
  void aSnapshotWrittenByThePersistencePluginBeforeStillLoads() throws Exception {
    Map<String, Object> config = TestCassandra.freshKeyspace("legacy-snapshot");
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      Blob blob = new Blob(randomBytes(1000));
      writeAsThePluginDid(node, (String) config.get("daifa.cassandra.keyspace"), blob);
      ActorRef store =
          Persistence.get(Adapter.toClassic(node.system()))
              .snapshotStoreFor(PLUGIN, ConfigFactory.empty());
      SelectedSnapshot loaded = load(store, "Test|legacy", Long.MAX_VALUE);
      assertEquals(7, loaded.metadata().sequenceNr());
      assertArrayEquals(blob.bytes(), assertInstanceOf(Blob.class, loaded.snapshot()).bytes());

      save(store, "Test|legacy", 9, new Blob(randomBytes(10)));
      assertEquals(9, load(store, "Test|legacy", Long.MAX_VALUE).metadata().sequenceNr());
      assertEquals(7, load(store, "Test|legacy", 8).metadata().sequenceNr());
    }
  }

  /** A keyspace created since never had snapshots there: the router stops looking (one read). */
  @Test
  void thePluginsTableIsNotReadWhenTurnedOff() throws Exception {
    Map<String, Object> config = new HashMap<>(TestCassandra.freshKeyspace("legacy-off"));
    config.put("daifa.snapshot-store.read-plugin-table", false);
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      writeAsThePluginDid(
          node, (String) config.get("daifa.cassandra.keyspace"), new Blob(randomBytes(1000)));
      ActorRef store =
          Persistence.get(Adapter.toClassic(node.system()))
              .snapshotStoreFor(PLUGIN, ConfigFactory.empty());

      assertNull(load(store, "Test|legacy", Long.MAX_VALUE));
    }
  }

  /** The row as the plugin's own store wrote it, at sequence number 7: the payload in one cell. */
  private static void writeAsThePluginDid(DaifaNode node, String keyspace, Blob blob)
      throws Exception {
    Serialization serialization = SerializationExtension.get(node.system());
    Serializer serializer = serialization.findSerializerFor(blob);
    OrderProjection.session(node.system())
        .executeWrite(
            "INSERT INTO "
                + keyspace
                + ".snapshots (persistence_id, sequence_nr, timestamp, ser_id, ser_manifest,"
                + " snapshot_data) VALUES (?, ?, ?, ?, ?, ?)",
            "Test|legacy",
            7L,
            System.currentTimeMillis(),
            serializer.identifier(),
            Serializers.manifestFor(serializer, blob),
            ByteBuffer.wrap(serialization.serialize(blob).get()))
        .toCompletableFuture()
        .get();
  }

  @Test
  void aSupplierRecoversFromItsSnapshotAndTheEventsAfterIt() throws Exception {
    Map<String, Object> config = TestCassandra.freshKeyspace("supplier-snapshot");
    String keyspace = (String) config.get("daifa.cassandra.keyspace");
    // Small intervals, so that a few batches make a snapshot: see SnapshotPace.
    config.put("daifa.entities.snapshot-every", 3);
    config.put("daifa.entities.snapshot-every-orders", 10);
    String supplier = "sup_snapshot";
    SupplierState before;
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      assertTrue(
          node.supplier(supplier)
              .<io.daifa.common.Outcome<Ack>>ask(
                  r -> new SupplierCommand.Register("Snapshot", SupplierIdentity.SUPPLIER, r),
                  TIMEOUT)
              .toCompletableFuture()
              .get()
              .isDone());
      // Four batches of five: the second makes a snapshot (3 events, 10 orders; it holds 10),
      // the next two are not enough for one holding 20 orders, and are replayed after it.
      for (int batch = 0; batch < 4; batch++) {
        List<DropshipDispatch> dispatches = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          String orderId = "o-" + batch + "-" + i;
          dispatches.add(
              new DropshipDispatch(
                  "d-" + orderId,
                  "shp_snapshot",
                  supplier,
                  orderId,
                  null,
                  TestOrders.PAID_AT,
                  TestOrders.order(orderId, "shp_snapshot", "spu-a").lines()));
        }
        node.supplier(supplier)
            .tell(new SupplierCommand.ReceiveDispatches("shp_snapshot", dispatches, Instant.now()));
        // Each batch stored before the next is sent: one event each (deliveries that arrive
        // during a write would be stored together, by group commit).
        stateWithOrders(node, supplier, 5 * (batch + 1));
      }
      before = stateWithOrders(node, supplier, 20);
      assertEquals(
          new TreeSet<>(List.of(3L)),
          sequenceNrs(chunks(node, keyspace, "Supplier|" + supplier)),
          "one snapshot, after the second batch");
    }
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      SupplierState after = stateWithOrders(node, supplier, 20);
      assertEquals(before.openOrders(), after.openOrders());
      assertEquals(before.seenDispatches().size(), after.seenDispatches().size());
    }
  }

  private static SupplierState stateWithOrders(DaifaNode node, String supplier, int orders)
      throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      SupplierState state =
          node.supplier(supplier)
              .<SupplierState>ask(SupplierCommand.GetState::new, TIMEOUT)
              .toCompletableFuture()
              .get();
      if (state.openOrders().size() == orders || Instant.now().isAfter(deadline)) {
        assertEquals(orders, state.openOrders().size());
        return state;
      }
      Thread.sleep(100);
    }
  }
}
