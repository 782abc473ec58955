package io.daifa.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Kafka ingest on {@code /metrics}: records read, orders stored, orders refused for good, bad
 * records, results written, retries, and the consumer's lag per partition (records behind the
 * partition's end, as the consumer last saw it).
 */
final class KafkaIngestMetrics {

  private final MeterRegistry registry;
  private final String topic;

  /** The topic as Kafka's client metrics tag it (dots made underscores). */
  private final String metricTopic;

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
    this.metricTopic = topic.replace('.', '_');
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

  /** Takes the lag of each partition from the consumer's own metrics ({@code records-lag}). */
  void lagFrom(Map<MetricName, ? extends Metric> metrics) {
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      String partition = name.tags().get("partition");
      if (!name.name().equals("records-lag")
          || partition == null
          || !metricTopic.equals(name.tags().get("topic"))) {
        continue;
      }
      if (entry.getValue().metricValue() instanceof Number value) {
        int p = Integer.parseInt(partition);
        if (lag.put(p, value.doubleValue()) == null) {
          Gauge.builder("daifa.kafka.consumer.lag", lag, l -> l.getOrDefault(p, Double.NaN))
              .description("Records behind the end of the partition, as this consumer last saw")
              .tag("topic", topic)
              .tag("partition", partition)
              .register(registry);
        }
      }
    }
  }

  /** Records behind, over the partitions this consumer reads (as it last saw them); -1 unknown. */
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

  /** A partition this consumer no longer reads: its lag is another consumer's to report. */
  void revoked(int partition) {
    lag.put(partition, Double.NaN);
  }
}
