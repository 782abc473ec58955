package io.daifa.it;

import static io.daifa.it.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.app.DaifaConfig;
import io.daifa.client.api.AllocationApi;
import io.daifa.client.api.OperationsApi;
import io.daifa.client.model.KafkaReadiness;
import io.daifa.client.model.Readiness;
import io.daifa.http.OrderLines;
import io.daifa.http.OrderMetrics;
import io.daifa.it.Accounts.Account;
import io.daifa.kafka.EmbeddedKafka;
import io.daifa.kafka.KafkaIngest;
import io.daifa.kafka.KafkaSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Kafka ingest on a real broker and a real Cassandra: orders published to a topic are routed and
 * answered on the results topic; a bad record is answered and its partition goes on; a router
 * stopped without draining, a rebalance between two consumers of the group, and a broker down for
 * 20 s lose no order and store none twice (every order has a result, every result of one order is
 * the same receipt, and the shop's manual queue holds each order's line once).
 */
class KafkaIngestIT {

  private static final Duration RESULTS_WITHIN = Duration.ofMinutes(2);

  @Test
  void ordersFromATopicAreRoutedOnceAndABadRecordIsAnsweredWhileItsPartitionGoesOn()
      throws Exception {
    EmbeddedKafka broker = TestKafka.shared();
    Map<String, Object> config = routerConfig("kafka_basic", broker.bootstrap(), 1);
    try (HttpTestServer server = new HttpTestServer(config, new ShiftedClock())) {
      Account shop = createShop(server);
      String shopId = shop.id();
      List<String[]> records = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        records.add(new String[] {shopId, OrderBodies.order("k-" + i, shopId, "spu-" + i)});
        if (i == 100) {
          records.add(new String[] {shopId, "{\"orderId\": not json"});
          records.add(new String[] {"shp_nobody", OrderBodies.order("k-x", "shp_nobody", "s")});
          records.add(new String[] {shopId, null}); // a tombstone: no value at all
        }
      }
      TestKafka.produce(broker.bootstrap(), topic(config, "orders"), records);

      List<ConsumerRecord<String, String>> results =
          TestKafka.readUntil(
              broker.bootstrap(), topic(config, "results"), RESULTS_WITHIN, r -> r.size() >= 203);
      assertEquals(203, results.size(), "one result per record, no more");
      // One partition: the results come in the records' order, the bad one at its place.
      JsonNode bad = ApiClient.JSON.readTree(results.get(101).value());
      assertTrue(bad.get("orderId").isNull(), results.get(101).value());
      assertEquals("VALIDATION", bad.get("error").get("code").asText());
      assertEquals("body", bad.get("error").get("field").asText());
      JsonNode unknownShop = ApiClient.JSON.readTree(results.get(102).value());
      assertEquals("k-x", unknownShop.get("orderId").asText());
      assertEquals("shopId", unknownShop.get("error").get("field").asText());
      JsonNode tombstone = ApiClient.JSON.readTree(results.get(103).value());
      assertTrue(tombstone.get("orderId").isNull(), results.get(103).value());
      assertEquals("body", tombstone.get("error").get("field").asText());
      assertReceipts(results, 200);
      assertEquals(200, manualQueue(server, shop));
      String metrics = server.api.get("/metrics", null).body();
      assertTrue(
          metrics.contains("daifa_kafka_records_bad_total{topic=\"kafka_basic.orders\"} 2.0"));
      assertTrue(
          metrics.contains("daifa_kafka_orders_stored_total{topic=\"kafka_basic.orders\"} 200.0"),
          metrics);
      assertKafkaRunning(server);
      ApiClientAwait.until(
          () -> server.api.get("/metrics", null).body().contains("daifa_kafka_consumer_lag{"));
      assertEquals(
          List.of(),
          HttpApiIT.dashboardMetricsMissingFrom(
              server.api.get("/metrics", null).body(), name -> name.startsWith("daifa_kafka_")),
          "Kafka metrics the Grafana dashboard queries that the router does not export");
    }
  }

  @Test
  void aRouterStoppedWithoutDrainingAndStartedAgainLosesNoOrderAndStoresNoneTwice()
      throws Exception {
    EmbeddedKafka broker = TestKafka.shared();
    Map<String, Object> config = routerConfig("kafka_crash", broker.bootstrap(), 4);
    int orders = 3_000;
    Account shop;
    ShiftedClock clock = new ShiftedClock();
    try (HttpTestServer first = new HttpTestServer(config, clock)) {
      shop = createShop(first);
      TestKafka.produce(
          broker.bootstrap(), topic(config, "orders"), orders(shop.id(), "c-", orders));
      TestKafka.readUntil(
          broker.bootstrap(), topic(config, "results"), RESULTS_WITHIN, r -> r.size() >= 300);
      // No drain: the actor system stops under the consumer, with orders in flight and offsets
      // not committed.
      first.node.system().terminate();
      first.node.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    try (HttpTestServer second = new HttpTestServer(config, clock)) {
      List<ConsumerRecord<String, String>> results =
          TestKafka.readUntil(
              broker.bootstrap(),
              topic(config, "results"),
              RESULTS_WITHIN,
              r -> orderIds(r).size() >= orders);
      assertReceipts(results, orders);
      assertEquals(orders, manualQueue(second, shop));
    }
  }

  @Test
  void aSecondConsumerJoiningAndTheFirstLeavingRebalanceWithoutLosingAnOrder() throws Exception {
    EmbeddedKafka broker = TestKafka.shared();
    Map<String, Object> config = routerConfig("kafka_rebalance", broker.bootstrap(), 4);
    int orders = 4_000;
    try (HttpTestServer server = new HttpTestServer(config, new ShiftedClock())) {
      Account shopA = createShop(server);
      Account shopB = createShop(server);
      List<String[]> firstHalf = new ArrayList<>(orders(shopA.id(), "a-", orders / 4));
      firstHalf.addAll(orders(shopB.id(), "b-", orders / 4));
      List<String[]> secondHalf = new ArrayList<>(orders(shopA.id(), "a2-", orders / 4));
      secondHalf.addAll(orders(shopB.id(), "b2-", orders / 4));
      KafkaSettings settings =
          KafkaSettings.fromConfig(DaifaConfig.load(config).getConfig("daifa"));
      KafkaIngest first = server.node.kafkaIngest().orElseThrow();
      TestKafka.produce(broker.bootstrap(), settings.ordersTopic(), firstHalf);
      TestKafka.readUntil(
          broker.bootstrap(), settings.resultsTopic(), RESULTS_WITHIN, r -> r.size() >= 400);
      try (KafkaIngest second =
          KafkaIngest.start(
              server.node.system(),
              settings,
              new OrderLines(server.node.entities(), new OrderMetrics(new SimpleMeterRegistry())),
              new SimpleMeterRegistry())) {
        awaitPartitions(second, 1);
        assertTrue(first.assignedPartitions().size() < 4, "the group shared the partitions");
        first.stop(Duration.ofSeconds(20));
        awaitPartitions(second, 4);
        TestKafka.produce(broker.bootstrap(), settings.ordersTopic(), secondHalf);
        List<ConsumerRecord<String, String>> results =
            TestKafka.readUntil(
                broker.bootstrap(),
                settings.resultsTopic(),
                RESULTS_WITHIN,
                r -> orderIds(r).size() >= orders,
                diagnosis(server));
        assertReceipts(results, orders);
      }
      assertEquals(orders / 2, manualQueue(server, shopA));
      assertEquals(orders / 2, manualQueue(server, shopB));
    }
  }

  @Test
  void theConsumerResumesByItselfAfterItsBrokerWasDownFor20Seconds() throws Exception {
    EmbeddedKafka broker = TestKafka.start("outage");
    try {
      Map<String, Object> config = routerConfig("kafka_outage", broker.bootstrap(), 2);
      try (HttpTestServer server = new HttpTestServer(config, new ShiftedClock())) {
        Account shop = createShop(server);
        String shopId = shop.id();
        String orders = topic(config, "orders");
        String results = topic(config, "results");
        TestKafka.produce(broker.bootstrap(), orders, orders(shopId, "before-", 500));
        TestKafka.readUntil(
            broker.bootstrap(), results, RESULTS_WITHIN, r -> r.size() >= 500, diagnosis(server));

        broker.kill();
        Thread.sleep(20_000);
        broker.restart(System.out::println);

        TestKafka.produce(broker.bootstrap(), orders, orders(shopId, "after-", 500));
        List<ConsumerRecord<String, String>> all =
            TestKafka.readUntil(
                broker.bootstrap(),
                results,
                RESULTS_WITHIN,
                r -> orderIds(r).size() >= 1000,
                diagnosis(server));
        assertReceipts(all, 1000);
        assertEquals(1000, manualQueue(server, shop));
        assertKafkaRunning(server);
      }
    } finally {
      broker.close();
    }
  }

  /** What the router says of its consumer: /ready, and its Kafka ingest counters. */
  private static java.util.function.Supplier<String> diagnosis(HttpTestServer server) {
    return () -> {
      try {
        String metrics = server.api.get("/metrics", null).body();
        String kafka =
            metrics
                .lines()
                .filter(l -> l.startsWith("daifa_kafka") || l.startsWith("daifa_orders"))
                .collect(java.util.stream.Collectors.joining("\n"));
        return "; /ready " + server.api.get("/ready", null).body() + "\n" + kafka;
      } catch (Exception e) {
        return "; the router did not answer: " + e;
      }
    };
  }

  private static Map<String, Object> routerConfig(String name, String bootstrap, int partitions) {
    Map<String, Object> config = new HashMap<>(HttpTestServer.config(name));
    config.putAll(TestKafka.ingestSettings(bootstrap, name, partitions));
    return config;
  }

  private static String topic(Map<String, Object> config, String which) {
    return (String) config.get("daifa.kafka." + which + "-topic");
  }

  private static Account createShop(HttpTestServer server) {
    return new Accounts(server).shop("Kafka");
  }

  private static void assertKafkaRunning(HttpTestServer server) {
    Readiness ready = call(() -> new OperationsApi(server.client(null)).readiness());
    assertEquals(KafkaReadiness.StateEnum.RUNNING, ready.getKafka().getState(), ready.toString());
  }

  /** Orders of one line each, with no rule for their SPU: each waits in the manual queue once. */
  private static List<String[]> orders(String shopId, String prefix, int count) {
    List<String[]> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new String[] {shopId, OrderBodies.order(prefix + i, shopId, "spu-" + i)});
    }
    return records;
  }

  private static Set<String> orderIds(List<ConsumerRecord<String, String>> results) {
    Set<String> ids = new HashSet<>();
    for (ConsumerRecord<String, String> result : results) {
      try {
        JsonNode line = ApiClient.JSON.readTree(result.value());
        if (line.hasNonNull("status")) {
          ids.add(line.get("orderId").asText());
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(result.value(), e);
      }
    }
    return ids;
  }

  /**
   * {@code expected} orders have a receipt, and an order answered more than once (read again after
   * a crash or a rebalance) was answered the same receipt each time: it was stored once.
   */
  private static void assertReceipts(List<ConsumerRecord<String, String>> results, int expected)
      throws Exception {
    Map<String, String> receipts = new HashMap<>();
    for (ConsumerRecord<String, String> result : results) {
      JsonNode line = ApiClient.JSON.readTree(result.value());
      if (!line.hasNonNull("status")) {
        continue;
      }
      assertNull(line.get("error"), result.value());
      String earlier = receipts.putIfAbsent(line.get("orderId").asText(), result.value());
      if (earlier != null) {
        assertEquals(earlier, result.value(), "an order answered twice has one receipt");
      }
    }
    assertEquals(expected, receipts.size(), "orders with a receipt");
  }

  private static int manualQueue(HttpTestServer server, Account shop) {
    return call(() -> new AllocationApi(server.client(shop.key())).listManualQueue(shop.id()))
        .size();
  }

  private static void awaitPartitions(KafkaIngest ingest, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ingest.assignedPartitions().size() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(
        ingest.assignedPartitions().size() >= atLeast,
        "the consumer reads " + ingest.assignedPartitions() + ", expected " + atLeast + " or more");
  }
}
