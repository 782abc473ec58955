package io.daifa.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daifa.order.Order;
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
 * Orders published to the router's orders topic, keyed by shop ID as a marketplace would, and
 * answered when their result appears on the results topic (read from its end by a thread of its
 * own). An order is sent once: the router takes an order refused for a passing reason again by
 * itself, so a result is its receipt or its problem.
 */
final class KafkaSink implements OrderSink {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String ordersTopic;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> results;
  private final Map<String, CompletableFuture<SendResult>> waiting = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile boolean closed;

  KafkaSink(String bootstrap, String ordersTopic, String resultsTopic) {
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
    reader = new Thread(this::readResults, "loadtest-kafka-results");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public CompletionStage<SendResult> send(Order order) {
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    waiting.put(order.orderId(), result);
    producer.send(
        new ProducerRecord<>(ordersTopic, order.shopId(), OrderJson.write(order)),
        (metadata, failure) -> {
          if (failure != null && waiting.remove(order.orderId(), result)) {
            result.complete(SendResult.retry("not published: " + failure));
          }
        });
    return result;
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
      JsonNode result = JSON.readTree(line);
      JsonNode orderId = result.get("orderId");
      CompletableFuture<SendResult> waiter =
          orderId == null || orderId.isNull() ? null : waiting.remove(orderId.asText());
      if (waiter != null) {
        waiter.complete(HttpStreamSink.resultOf(line));
      }
    } catch (java.io.IOException e) {
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
