package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.daifa.app.DaifaConfig;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Schema;
import io.daifa.store.Storage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A keyspace written by an earlier Daifa may key its read table of order lines another way (by
 * order ID alone: storage schema 1; a partition per order: schema 2) or lay its columns out another
 * way (a line's sale in twelve columns: schema 3); {@code CREATE TABLE IF NOT EXISTS} would keep
 * it, and every read-side write would then fail. The router refuses such a keyspace at start,
 * saying why, and applies its schema to a current one as often as it starts. It also refuses a
 * bucket count other than the one the keyspace was created with, which would send every reader to
 * the wrong partition.
 */
class OutdatedSchemaIT {

  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void aKeyspaceFromBeforeShopScopedOrderIdsIsRefusedAtStart() throws Exception {
    Schema.OutdatedSchema refused = refusedWithOrderLinesKeyedBy("order_id, line_id", "outdated1");
    assertTrue(refused.getMessage().contains("fresh data directory"), refused.getMessage());
    assertTrue(refused.getMessage().contains("schema 1"), refused.getMessage());
  }

  @Test
  void aKeyspaceWithAPartitionPerOrderIsRefusedAtStart() throws Exception {
    Schema.OutdatedSchema refused =
        refusedWithOrderLinesKeyedBy("order_id, shop_id, line_id", "outdated2");
    assertTrue(refused.getMessage().contains("fresh data directory"), refused.getMessage());
    assertTrue(refused.getMessage().contains("schema 2"), refused.getMessage());
  }

  @Test
  void aKeyspaceWithALinesSaleInColumnsIsRefusedAtStart() throws Exception {
    Schema.OutdatedSchema refused =
        refusedWithOrderLines(
            "bucket int, order_id text, line_id text, shop_id text, spu_id text, user_paid bigint,"
                + " PRIMARY KEY (bucket, order_id, shop_id, line_id)",
            "outdated3");
    assertTrue(refused.getMessage().contains("fresh data directory"), refused.getMessage());
    assertTrue(refused.getMessage().contains("schema 3"), refused.getMessage());
  }

  @Test
  void anotherBucketCountThanTheKeyspaceWasCreatedWithIsRefused() {
    Map<String, Object> overrides = TestCassandra.freshKeyspace("buckets");
    assertDoesNotThrow(() -> Storage.open(settings(overrides), line -> {}).close());

    Map<String, Object> otherCount = new HashMap<>(overrides);
    otherCount.put("daifa.cassandra.order-buckets", 128);
    Schema.OutdatedSchema refused =
        assertThrows(
            Schema.OutdatedSchema.class, () -> Storage.open(settings(otherCount), line -> {}));
    assertTrue(refused.getMessage().contains("over 64 buckets"), refused.getMessage());
    assertTrue(refused.getMessage().contains("says 128"), refused.getMessage());
    assertDoesNotThrow(
        () -> Storage.open(settings(overrides), line -> {}).close(), "the first count still works");
  }

  private static Schema.OutdatedSchema refusedWithOrderLinesKeyedBy(String primaryKey, String name)
      throws Exception {
    return refusedWithOrderLines(
        "order_id text, line_id text, shop_id text, PRIMARY KEY (" + primaryKey + ")", name);
  }

  /** Applies the schema, replaces order_lines by a table of an earlier shape, applies it again. */
  private static Schema.OutdatedSchema refusedWithOrderLines(String columns, String name)
      throws Exception {
    CassandraSettings settings = settings(TestCassandra.freshKeyspace(name));
    assertDoesNotThrow(() -> Storage.open(settings, line -> {}).close(), "applied again");

    try (Storage storage = Storage.open(settings, line -> {});
        CqlSession session = storage.session(settings.localDatacenter())) {
      String table = settings.keyspace() + ".order_lines";
      // Schema changes on the suite's shared node can take longer than the driver's 2 s default.
      session.execute(SimpleStatement.newInstance("DROP TABLE " + table).setTimeout(DDL_TIMEOUT));
      session.execute(
          SimpleStatement.newInstance("CREATE TABLE " + table + " (" + columns + ")")
              .setTimeout(DDL_TIMEOUT));
    }
    return assertThrows(Schema.OutdatedSchema.class, () -> Storage.open(settings, line -> {}));
  }

  private static CassandraSettings settings(Map<String, Object> overrides) {
    return CassandraSettings.fromConfig(DaifaConfig.load(overrides).getConfig("daifa"));
  }
}
