package io.daifa.kafka;

import io.daifa.http.OrderLines;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerMessage;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.ProducerMessage;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.RestrictedConsumer;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Committer;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.kafka.javadsl.PartitionAssignmentHandler;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders from a Kafka topic, routed effectively once: each record (the JSON of one order, as a line
 * of {@code POST /v1/orders/stream}) goes through the same per-shop intake as HTTP orders; its
 * result — the receipt, or the order's problem, or for a record that is no order at all the problem
 * — is written to the results topic; and the record's offset is committed only after that result is
 * written, which is after the order is stored. A crash therefore reads again what was not
 * committed, and the shop answers an order ID it has stored with the receipt it gave: each order is
 * stored once, its result written at least once.
 *
 * <p>A bad record gets its result and the partition goes on. An order refused for a passing reason
 * (storage unavailable, its shop's share of intake full) is taken again with a backoff, its
 * partition waiting meanwhile: no order is passed over. A failure of the stream itself (the broker
 * gone past the client's timeouts, a commit refused by a rebalance) restarts it with a backoff. At
 * most {@code in-flight} orders are in progress; the consumer reads no further meanwhile.
 */
public final class KafkaIngest implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaIngest.class);

  /** A consumed order waits behind its shop's batches; it is taken again if it gives up. */
  private static final Duration ORDER_PATIENCE = Duration.ofSeconds(10);

  /** Past this, an order's answer is taken as lost and the order taken again. */
  private static final Duration ANSWER_WITHIN = ORDER_PATIENCE.multipliedBy(3);

  /** Where a result's source record was: its partition and offset, as record headers. */
  static final String SOURCE_PARTITION = "daifa-source-partition";

  static final String SOURCE_OFFSET = "daifa-source-offset";

  /** The consumer's state as {@code /ready} reports it. */
  public enum State {
    STARTING,
    RUNNING,
    RESTARTING,
    STOPPING
  }

  private final ActorSystem<?> system;
  private final KafkaSettings settings;
  private final OrderLines lines;
  private final KafkaIngestMetrics metrics;
  private final AtomicReference<Consumer.Control> control =
      new AtomicReference<>(Consumer.createNoopControl());
  private final Set<Integer> assigned = new java.util.concurrent.ConcurrentSkipListSet<>();
  private volatile State state = State.STARTING;
  private volatile String lastFailure;
  private UniqueKillSwitch killSwitch;
  private CompletionStage<Done> done;
  private Cancellable lagPolling;
  private ConsumerLag consumerLag;

  private KafkaIngest(
      ActorSystem<?> system, KafkaSettings settings, OrderLines lines, MeterRegistry registry) {
    this.system = system;
    this.settings = settings;
    this.lines = lines;
    this.metrics = new KafkaIngestMetrics(registry, settings.ordersTopic());
  }

  /** Creates the topics if asked to, then starts consuming. */
  public static KafkaIngest start(
      ActorSystem<?> system, KafkaSettings settings, OrderLines lines, MeterRegistry registry)
      throws TimeoutException {
    if (settings.createTopics()) {
      KafkaTopics.ensure(settings);
    }
    KafkaIngest ingest = new KafkaIngest(system, settings, lines, registry);
    ingest.run();
    log.info(
        "Kafka ingest: {} -> {} at {}, group {}",
        settings.ordersTopic(),
        settings.resultsTopic(),
        settings.bootstrap(),
        settings.groupId());
    return ingest;
  }

  private void run() {
    ConsumerSettings<String, String> consumer =
        ConsumerSettings.create(system, new StringDeserializer(), new StringDeserializer())
            .withBootstrapServers(settings.bootstrap())
            .withGroupId(settings.groupId())
            // stop() drains the stream itself: the consumer may close as soon as it is told to.
            .withStopTimeout(Duration.ZERO)
            .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .withProperty(
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                Long.toString(settings.sessionTimeout().toMillis()))
            .withProperty(
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Long.toString(settings.sessionTimeout().toMillis() / 3))
            .withProperty(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Integer.toString(settings.maxPollRecords()));
    ProducerSettings<String, String> producer =
        ProducerSettings.create(system, new StringSerializer(), new StringSerializer())
            .withBootstrapServers(settings.bootstrap())
            .withProperty(ProducerConfig.ACKS_CONFIG, "all")
            .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
            .withProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
    CommitterSettings committer =
        CommitterSettings.create(system)
            .withMaxBatch(settings.commitMaxBatch())
            .withMaxInterval(settings.commitMaxInterval());
    RestartSettings restart =
        RestartSettings.create(settings.restartMinBackoff(), settings.restartMaxBackoff(), 0.2);
    boolean[] first = {true};
    Pair<UniqueKillSwitch, CompletionStage<Done>> running =
        RestartSource.onFailuresWithBackoff(
                restart,
                () -> {
                  if (!first[0]) {
                    state = State.RESTARTING;
                    metrics.restarts.increment();
                    log.warn("Kafka ingest restarts after: {}", lastFailure);
                  }
                  first[0] = false;
                  return Consumer.committableSource(
                          consumer,
                          Subscriptions.topics(settings.ordersTopic())
                              .withPartitionAssignmentHandler(new Assignments()))
                      .mapMaterializedValue(
                          c -> {
                            control.set(c);
                            return c;
                          })
                      .mapAsync(settings.inFlight(), this::resultOf)
                      .via(Producer.flexiFlow(producer))
                      .map(
                          results -> {
                            metrics.written.increment();
                            return results.passThrough();
                          })
                      .via(Committer.flow(committer))
                      .watchTermination(
                          (mat, terminated) -> {
                            terminated.whenComplete(
                                (ok, failure) -> {
                                  if (failure != null) {
                                    lastFailure = failure.toString();
                                  }
                                });
                            return mat;
                          });
                })
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.ignore(), Keep.both())
            .run(system);
    consumerLag = new ConsumerLag(settings);
    killSwitch = running.first();
    done = running.second();
    lagPolling =
        system
            .classicSystem()
            .scheduler()
            .scheduleWithFixedDelay(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                () -> consumerLag.measure().thenAccept(metrics::lag),
                system.executionContext());
  }

  /** The result record of one consumed record, once its order is stored or refused for good. */
  private CompletionStage<ProducerMessage.Envelope<String, String, ConsumerMessage.Committable>>
      resultOf(ConsumerMessage.CommittableMessage<String, String> message) {
    metrics.read.increment();
    ConsumerRecord<String, String> record = message.record();
    String value = record.value() == null ? "" : record.value();
    return take(value, settings.retryMinBackoff())
        .thenApply(
            result -> {
              if (result.stored()) {
                metrics.stored.increment();
              } else if (result.orderId() == null) {
                metrics.bad.increment();
              } else {
                metrics.refused.increment();
              }
              String key = result.shopId() != null ? result.shopId() : record.key();
              ProducerRecord<String, String> out =
                  new ProducerRecord<>(
                      settings.resultsTopic(),
                      null,
                      key,
                      result.json(),
                      List.of(
                          header(SOURCE_PARTITION, record.partition()),
                          header(SOURCE_OFFSET, record.offset())));
              return ProducerMessage.single(out, message.committableOffset());
            });
  }

  private static RecordHeader header(String name, long value) {
    return new RecordHeader(name, Long.toString(value).getBytes(StandardCharsets.UTF_8));
  }

  /** Takes the order until it is stored or refused for good, waiting longer after each refusal. */
  private CompletionStage<OrderLines.Result> take(String value, Duration backoff) {
    return lines
        .take(value, ORDER_PATIENCE)
        .thenApply(result -> result)
        .toCompletableFuture()
        // The results are written in the partition's order: an answer that never came would stop
        // the partition for good. Taking the order again is safe, its shop answers a stored order
        // ID with the receipt it gave.
        .completeOnTimeout(null, ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(
            result -> {
              if (result == null) {
                log.warn("an order had no answer within {}; taking it again", ANSWER_WITHIN);
              } else if (!result.isTransient()) {
                return CompletableFuture.completedFuture(result);
              }
              metrics.retried.increment();
              Duration next = backoff.multipliedBy(2);
              Duration capped =
                  next.compareTo(settings.retryMaxBackoff()) > 0
                      ? settings.retryMaxBackoff()
                      : next;
              return Patterns.after(
                  backoff,
                  system.classicSystem().scheduler(),
                  system.executionContext(),
                  () -> take(value, capped));
            });
  }

  /** The partitions of the orders topic this consumer reads now. */
  public Set<Integer> assignedPartitions() {
    return new TreeSet<>(assigned);
  }

  /**
   * Records of the orders topic published and not yet committed by the group, over all partitions,
   * as last measured (every 2 s); -1 before the first measurement.
   */
  public long lag() {
    return metrics.totalLag();
  }

  /** What {@code /ready} says of this consumer. */
  public Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("state", state.name());
    status.put("topic", settings.ordersTopic());
    status.put("group", settings.groupId());
    status.put("partitions", assignedPartitions());
    if (state == State.RESTARTING && lastFailure != null) {
      status.put("lastFailure", lastFailure);
    }
    return status;
  }

  /**
   * Stops reading, lets the orders in progress finish and their offsets be committed (up to {@code
   * patience}), then closes the consumer.
   */
  public void stop(Duration patience) {
    state = State.STOPPING;
    lagPolling.cancel();
    consumerLag.close();
    try {
      control.get().stop().toCompletableFuture().get(patience.toMillis(), TimeUnit.MILLISECONDS);
      done.toCompletableFuture().get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Kafka ingest did not drain within {}: {}", patience, e.toString());
    }
    killSwitch.shutdown();
    try {
      control
          .get()
          .shutdown()
          .toCompletableFuture()
          .get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("the Kafka consumer did not close within {}: {}", patience, e.toString());
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  /** Keeps the assigned partitions for {@code /ready}. */
  private final class Assignments implements PartitionAssignmentHandler {

    @Override
    public void onAssign(Set<TopicPartition> partitions, RestrictedConsumer consumer) {
      partitions.forEach(p -> assigned.add(p.partition()));
      if (state != State.STOPPING) {
        state = State.RUNNING;
      }
      log.info("Kafka ingest reads partitions {}", assignedPartitions());
    }

    @Override
    public void onRevoke(Set<TopicPartition> partitions, RestrictedConsumer consumer) {
      dropped(partitions);
    }

    @Override
    public void onLost(Set<TopicPartition> partitions, RestrictedConsumer consumer) {
      dropped(partitions);
    }

    @Override
    public void onStop(Set<TopicPartition> partitions, RestrictedConsumer consumer) {
      dropped(partitions);
    }

    private void dropped(Set<TopicPartition> partitions) {
      partitions.forEach(p -> assigned.remove(p.partition()));
    }
  }
}
