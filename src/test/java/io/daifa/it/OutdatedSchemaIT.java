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
import org.junit.jupiter.api.Test;

/**
 * A keyspace written before order IDs were scoped per shop keys its read tables by order ID alone;
 * {@code CREATE TABLE IF NOT EXISTS} would keep them, and every read-side write would then fail.
 * The router refuses such a keyspace at start, saying why, and applies its schema to a current one
 * as often as it starts.
 */
class OutdatedSchemaIT {

  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void aKeyspaceFromBeforeShopScopedOrderIdsIsRefusedAtStart() throws Exception {
    CassandraSettings settings =
        CassandraSettings.fromConfig(
            DaifaConfig.load(TestCassandra.freshKeyspace("outdated")).getConfig("daifa"));
    assertDoesNotThrow(() -> Storage.open(settings, line -> {}).close(), "applied again");

    try (Storage storage = Storage.open(settings, line -> {});
        CqlSession session = storage.session(settings.localDatacenter())) {
      String table = settings.keyspace() + ".order_lines";
      // Schema changes on the suite's shared node can take longer than the driver's 2 s default.
      session.execute(SimpleStatement.newInstance("DROP TABLE " + table).setTimeout(DDL_TIMEOUT));
      session.execute(
          SimpleStatement.newInstance(
                  "CREATE TABLE "
                      + table
                      + " (order_id text, line_id text, shop_id text,"
                      + " PRIMARY KEY (order_id, line_id))")
              .setTimeout(DDL_TIMEOUT));
    }
    Schema.OutdatedSchema refused =
        assertThrows(Schema.OutdatedSchema.class, () -> Storage.open(settings, line -> {}));
    assertTrue(refused.getMessage().contains("fresh data directory"), refused.getMessage());
  }
}
