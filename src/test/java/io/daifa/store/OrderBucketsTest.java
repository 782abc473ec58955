package io.daifa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.app.DaifaConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderBucketsTest {

  /**
   * Stored orders are found by the bucket computed when they were written: a release that computed
   * another bucket for the same ID would lose every order already stored.
   */
  @Test
  void theBucketOfAnOrderIdNeverChanges() {
    OrderBuckets buckets = new OrderBuckets(64);
    assertEquals(31, buckets.of("o-1"));
    assertEquals(0, new OrderBuckets(1).of("o-1"));
    assertEquals(3_779, new OrderBuckets(4_096).of("3719283746512"));
  }

  @Test
  void sequentialOrderIdsSpreadEvenly() {
    OrderBuckets buckets = new OrderBuckets(64);
    int[] counts = new int[64];
    for (int i = 0; i < 64_000; i++) {
      int bucket = buckets.of("o-" + i);
      assertTrue(bucket >= 0 && bucket < 64, "bucket " + bucket);
      counts[bucket]++;
    }
    for (int count : counts) {
      assertTrue(count > 850 && count < 1_150, "a bucket of " + count + " where 1,000 is even");
    }
  }

  @Test
  void aCountOutsideOneToTheMaximumIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new OrderBuckets(0));
    assertThrows(IllegalArgumentException.class, () -> new OrderBuckets(OrderBuckets.MAX + 1));
  }

  @Test
  void theSchemaRecordsTheCountItWasCreatedWith() {
    CassandraSettings settings =
        CassandraSettings.fromConfig(
            DaifaConfig.load(Map.of("daifa.cassandra.order-buckets", 256)).getConfig("daifa"));
    List<String> statements = Schema.statements(settings);
    assertEquals(
        "INSERT INTO daifa.storage_layout (name, value) VALUES ('order_buckets', 256) IF NOT"
            + " EXISTS",
        statements.get(statements.size() - 1));
    assertTrue(
        statements.stream()
            .anyMatch(s -> s.contains("PRIMARY KEY (bucket, order_id, shop_id, line_id)")));
  }
}
