package io.daifa.it;

import io.daifa.common.FreePorts;
import io.daifa.kafka.EmbeddedKafka;
import io.daifa.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real Kafka brokers for the integration tests: started from the jars the build resolved, on free
 * ports, under {@code target/it}; and a producer and a result reader that talk to them as a
 * marketplace and its result consumer would.
 */
final class TestKafka {

  private static EmbeddedKafka shared;

  private TestKafka() {}

  /** The broker shared by the tests of this JVM, stopped when the JVM exits. */
  static synchronized EmbeddedKafka shared() {
    if (shared == null) {
      shared = start("shared");
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-kafka-stop"));
    }
    return shared;
  }

  /** A broker of a test's own (one the test stops and starts again, say); the test closes it. */
  static EmbeddedKafka start(String name) {
    try {
      Path workDir = Path.of(System.getProperty("daifa.it.work-dir", "target/it"));
      KafkaSettings.Embedded settings =
          new KafkaSettings.Embedded(
              workDir.resolve("kafka-" + name + "-" + System.currentTimeMillis()).toAbsolutePath(),
              "127.0.0.1",
              FreePorts.next(),
              FreePorts.next(),
              "512m",
              Duration.ofSeconds(90),
              System.getProperty("daifa.kafka.embedded.classpath-file", ""));
      return EmbeddedKafka.start(settings, System.out::println);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Router settings consuming from {@code broker}, on topics and a group of the test's own, with
   * {@code partitions} partitions.
   */
  static Map<String, Object> ingestSettings(String bootstrap, String name, int partitions) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("daifa.kafka.mode", "external");
    settings.put("daifa.kafka.bootstrap", bootstrap);
    settings.put("daifa.kafka.orders-topic", name + ".orders");
    settings.put("daifa.kafka.results-topic", name + ".results");
    settings.put("daifa.kafka.group-id", name + "-routers");
    settings.put("daifa.kafka.partitions", partitions);
    settings.put("daifa.kafka.restart-min-backoff", "500ms");
    settings.put("daifa.kafka.restart-max-backoff", "3s");
    return settings;
  }

  /**
   * Sends each record (key, value) and waits until the broker has them all. A send the producer
   * gave up on is sent again, as a marketplace would, and its reason printed (a CI run lost 48 of
   * 500 records on a freshly started broker without saying why); the router answers an order sent
   * twice once. Throws, with the producer's reason, if some are still refused after five rounds.
   */
  static void produce(String bootstrap, String topic, List<String[]> records) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      List<String[]> pending = records;
      for (int round = 1; !pending.isEmpty(); round++) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (String[] record : pending) {
          sends.add(producer.send(new ProducerRecord<>(topic, record[0], record[1])));
        }
        producer.flush();
        List<String[]> refused = new ArrayList<>();
        Throwable reason = null;
        for (int i = 0; i < sends.size(); i++) {
          try {
            sends.get(i).get();
          } catch (ExecutionException e) {
            refused.add(pending.get(i));
            reason = e.getCause();
          }
        }
        if (!refused.isEmpty()) {
          System.out.println(
              "The broker refused " + refused.size() + " of " + pending.size() + ": " + reason);
          if (round == 5) {
            throw new AssertionError(refused.size() + " records not sent to " + topic, reason);
          }
        }
        pending = refused;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads {@code topic} from its start until {@code enough} holds of what was read, or throws. */
  static List<ConsumerRecord<String, String>> readUntil(
      String bootstrap,
      String topic,
      Duration patience,
      Predicate<List<ConsumerRecord<String, String>>> enough) {
    return readUntil(bootstrap, topic, patience, enough, () -> "");
  }

  /** As above; a failure also tells {@code diagnosis} (the router's state, for a stall). */
  static List<ConsumerRecord<String, String>> readUntil(
      String bootstrap,
      String topic,
      Duration patience,
      Predicate<List<ConsumerRecord<String, String>>> enough,
      java.util.function.Supplier<String> diagnosis) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + patience.toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(read::add);
        if (enough.test(read)) {
          return read;
        }
      }
    }
    throw new AssertionError(
        "the results topic "
            + topic
            + " did not have what was awaited; "
            + read.size()
            + " read "
            + diagnosis.get());
  }
}
