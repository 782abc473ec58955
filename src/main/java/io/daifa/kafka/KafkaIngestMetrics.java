package io.daifa.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka ingest on {@code /metrics}: records read, orders stored, orders refused for good, bad
 * records, results written, retries, restarts, and the group's lag per partition (records published
 * and not yet committed).
 */
final class KafkaIngestMetrics {

  private final MeterRegistry registry;
  private final String topic;

  final Counter read;
  final Counter stored;
  final Counter refused;
  final Counter bad;
  final Counter written;
  final Counter retried;
  final Counter restarts;
  private final Map<Integer, Double> lag = new ConcurrentHashMap<>();

  KafkaIngestMetrics(MeterRegistry registry, String topic) {
    this.registry = registry;
    this.topic = topic;
    read = counter("daifa.kafka.records.read", "Order records read from the orders topic");
    stored = counter("daifa.kafka.orders.stored", "Orders from Kafka stored (routed)");
    refused =
        counter("daifa.kafka.orders.refused", "Orders from Kafka refused for good (a problem)");
    bad = counter("daifa.kafka.records.bad", "Records that are not an order at all");
    written = counter("daifa.kafka.results.written", "Result records written");
    retried = counter("daifa.kafka.orders.retried", "Orders taken again after a passing refusal");
    restarts = counter("daifa.kafka.consumer.restarts", "Consumer stream restarts after failure");
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("topic", topic).register(registry);
  }

  /** The group's lag per partition, as last measured ({@link ConsumerLag}). */
  void lag(Map<Integer, Long> measured) {
    measured.forEach(
        (p, records) -> {
          if (lag.put(p, records.doubleValue()) == null) {
            Gauge.builder("daifa.kafka.consumer.lag", lag, l -> l.getOrDefault(p, Double.NaN))
                .description(
                    "Records of the partition published and not yet committed by the group")
                .tag("topic", topic)
                .tag("partition", Integer.toString(p))
                .register(registry);
          }
        });
  }

  /** Records behind over all partitions, as last measured; -1 before the first measurement. */
  long totalLag() {
    double total = 0;
    boolean known = false;
    for (double partitionLag : lag.values()) {
      if (!Double.isNaN(partitionLag)) {
        total += partitionLag;
        known = true;
      }
    }
    return known ? (long) total : -1;
  }
}
