package io.daifa.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer group's lag on the orders topic, per partition: the partition's end offset minus the
 * offset the group committed — records published and not yet stored, whichever router of the group
 * reads them. Taken from the broker rather than from the consumer's own {@code records-lag}, which
 * is only updated when it fetches: a consumer slowed by back-pressure pauses its partitions and its
 * own figure stays at what it was before.
 */
final class ConsumerLag implements AutoCloseable {

  private final Admin admin;
  private final String topic;
  private final String groupId;

  ConsumerLag(KafkaSettings settings) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "daifa-lag-" + settings.groupId()));
    this.topic = settings.ordersTopic();
    this.groupId = settings.groupId();
  }

  /** Records behind, per partition of the orders topic (a partition never committed: all). */
  CompletionStage<Map<Integer, Long>> measure() {
    return admin
        .describeTopics(java.util.List.of(topic))
        .allTopicNames()
        .toCompletionStage()
        .thenCompose(
            topics -> {
              Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
              topics
                  .get(topic)
                  .partitions()
                  .forEach(
                      p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
              return admin
                  .listOffsets(ends)
                  .all()
                  .toCompletionStage()
                  .thenCombine(
                      admin
                          .listConsumerGroupOffsets(groupId)
                          .partitionsToOffsetAndMetadata()
                          .toCompletionStage(),
                      (endOffsets, committed) -> {
                        Map<Integer, Long> lag = new HashMap<>();
                        endOffsets.forEach(
                            (partition, end) -> {
                              OffsetAndMetadata done = committed.get(partition);
                              long position = done == null ? 0 : done.offset();
                              lag.put(partition.partition(), Math.max(0, end.offset() - position));
                            });
                        return lag;
                      });
            });
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
