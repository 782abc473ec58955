package io.daifa.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the orders and results topics when they are missing (daifa.kafka.create-topics). */
final class KafkaTopics {

  private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

  private KafkaTopics() {}

  /** Creates what is missing; the broker must answer within 60 s. */
  static void ensure(KafkaSettings settings) throws TimeoutException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000))) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : List.of(settings.ordersTopic(), settings.resultsTopic())) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, settings.partitions(), settings.replicationFactor()));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        log.info("created the Kafka topics {}", missing);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted while creating Kafka topics");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
        return; // another router created it meanwhile
      }
      throw new IllegalStateException(
          "cannot create the Kafka topics at " + settings.bootstrap() + ": " + e.getCause(), e);
    }
  }
}
