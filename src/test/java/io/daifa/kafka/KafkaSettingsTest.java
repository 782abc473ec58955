package io.daifa.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.app.DaifaConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an operator turns Kafka ingest on: off, a broker of our own, or a cluster it names. */
class KafkaSettingsTest {

  private static KafkaSettings settings(Map<String, Object> overrides) {
    return KafkaSettings.fromConfig(DaifaConfig.load(overrides).getConfig("daifa"));
  }

  @Test
  void ingestIsOffUntilABrokerIsStartedOrNamed() {
    KafkaSettings defaults = settings(Map.of());
    assertFalse(defaults.enabled());
    assertEquals("daifa.orders", defaults.ordersTopic());
    assertEquals("daifa.order-results", defaults.resultsTopic());
    assertEquals("daifa-router", defaults.groupId());
    assertEquals(Duration.ofSeconds(15), defaults.sessionTimeout());

    KafkaSettings named = settings(Map.of("daifa.kafka.bootstrap", " k0:9092,k1:9092 "));
    assertEquals(KafkaSettings.Mode.EXTERNAL, named.mode());
    assertEquals("k0:9092,k1:9092", named.bootstrap());

    KafkaSettings embedded = settings(Map.of("daifa.kafka.mode", "Embedded"));
    assertEquals(KafkaSettings.Mode.EMBEDDED, embedded.mode());
    assertEquals("127.0.0.1:9092", embedded.embedded().bootstrap());
    assertTrue(embedded.embedded().dataDir().endsWith("kafka"));
  }

  @Test
  void theBrokerThatWasStartedIsWhatTheRouterConsumesFrom() {
    var started =
        DaifaConfig.withKafkaBootstrap(
            DaifaConfig.load(Map.of("daifa.kafka.mode", "embedded")), "127.0.0.1:39092");
    KafkaSettings settings = KafkaSettings.fromConfig(started.getConfig("daifa"));
    assertEquals(KafkaSettings.Mode.EXTERNAL, settings.mode());
    assertEquals("127.0.0.1:39092", settings.bootstrap());
  }

  @Test
  void contradictoryOrMistypedSettingsAreRefusedByName() {
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                settings(
                    Map.of("daifa.kafka.mode", "embedded", "daifa.kafka.bootstrap", "k0:9092")));
    assertTrue(both.getMessage().contains("DAIFA_KAFKA_BOOTSTRAP"), both.getMessage());
    IllegalArgumentException externalAlone =
        assertThrows(
            IllegalArgumentException.class, () -> settings(Map.of("daifa.kafka.mode", "external")));
    assertTrue(externalAlone.getMessage().contains("DAIFA_KAFKA_BOOTSTRAP"));
    IllegalArgumentException typo =
        assertThrows(
            IllegalArgumentException.class, () -> settings(Map.of("daifa.kafka.mode", "on")));
    assertTrue(typo.getMessage().contains("'on'"), typo.getMessage());
    IllegalArgumentException noTopic =
        assertThrows(
            IllegalArgumentException.class,
            () -> settings(Map.of("daifa.kafka.orders-topic", " ")));
    assertTrue(noTopic.getMessage().contains("orders-topic"), noTopic.getMessage());
    IllegalArgumentException noPartitions =
        assertThrows(
            IllegalArgumentException.class, () -> settings(Map.of("daifa.kafka.partitions", 0)));
    assertTrue(noPartitions.getMessage().contains("partitions"), noPartitions.getMessage());
  }
}
