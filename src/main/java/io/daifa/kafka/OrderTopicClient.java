package io.daifa.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The marketplace's side of Kafka ingest, for the load generator and the fault suite: orders
 * published to the orders topic keyed by shop ID, and each answered by its result line when that
 * appears on the results topic (read from its end, from the moment this client was made, by a
 * thread of its own). A result that comes again (the order read twice after a failure) answers
 * nothing more.
 */
public final class OrderTopicClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String ordersTopic;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> results;
  private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile boolean closed;

  public OrderTopicClient(String bootstrap, String ordersTopic, String resultsTopic) {
    this.ordersTopic = ordersTopic;
    Properties produce = new Properties();
    produce.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    produce.put(ProducerConfig.ACKS_CONFIG, "all");
    produce.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producer = new KafkaProducer<>(produce, new StringSerializer(), new StringSerializer());
    Properties consume = new Properties();
    consume.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consume.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    results = new KafkaConsumer<>(consume, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        results.partitionsFor(resultsTopic, Duration.ofSeconds(60)).stream()
            .map(p -> new TopicPartition(resultsTopic, p.partition()))
            .toList();
    results.assign(partitions);
    results.seekToEnd(partitions);
    partitions.forEach(results::position); // resolve the end now, before any order is sent
    reader = new Thread(this::readResults, "kafka-order-results");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Publishes one order; completes with its result line, or exceptionally when the producer gives
   * up on the record (the broker away for longer than its delivery timeout).
   */
  public CompletionStage<String> publish(String shopId, String orderId, String orderJson) {
    CompletableFuture<String> result = new CompletableFuture<>();
    waiting.put(orderId, result);
    producer.send(
        new ProducerRecord<>(ordersTopic, shopId, orderJson),
        (metadata, failure) -> {
          if (failure != null && waiting.remove(orderId, result)) {
            result.completeExceptionally(failure);
          }
        });
    return result;
  }

  /** Orders published and not answered yet. */
  public int waiting() {
    return waiting.size();
  }

  private void readResults() {
    try {
      while (!closed) {
        for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(200))) {
          answer(record.value());
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      results.close();
    }
  }

  private void answer(String line) {
    try {
      JsonNode orderId = JSON.readTree(line).get("orderId");
      CompletableFuture<String> waiter =
          orderId == null || orderId.isNull() ? null : waiting.remove(orderId.asText());
      if (waiter != null) {
        waiter.complete(line);
      }
    } catch (IOException e) {
      // not a result line of ours
    }
  }

  @Override
  public void close() {
    closed = true;
    results.wakeup();
    producer.close(Duration.ofSeconds(10));
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
