package io.daifa.kafka;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Kafka ingest, from {@code daifa.kafka}: off, a broker of our own ({@code DAIFA_KAFKA=embedded}),
 * or the cluster {@code DAIFA_KAFKA_BOOTSTRAP} names.
 */
public record KafkaSettings(
    Mode mode,
    String bootstrap,
    String ordersTopic,
    String resultsTopic,
    String groupId,
    boolean createTopics,
    int partitions,
    short replicationFactor,
    int inFlight,
    int maxPollRecords,
    int commitMaxBatch,
    Duration commitMaxInterval,
    Duration sessionTimeout,
    Duration retryMinBackoff,
    Duration retryMaxBackoff,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    Embedded embedded) {

  public enum Mode {
    OFF,
    EMBEDDED,
    EXTERNAL
  }

  /**
   * The broker of our own: its own JVM (KRaft, broker and controller in one), data under dataDir.
   */
  public record Embedded(
      Path dataDir,
      String host,
      int port,
      int controllerPort,
      String heap,
      Duration startupTimeout,
      String classpathFile) {

    public String bootstrap() {
      return host + ":" + port;
    }
  }

  public static KafkaSettings fromConfig(Config daifa) {
    Config k = daifa.getConfig("kafka");
    Config e = k.getConfig("embedded");
    String bootstrap = k.getString("bootstrap").trim();
    Mode mode = mode(k.getString("mode"), bootstrap);
    return new KafkaSettings(
        mode,
        bootstrap,
        nonBlank(k, "orders-topic"),
        nonBlank(k, "results-topic"),
        nonBlank(k, "group-id"),
        k.getBoolean("create-topics"),
        positive(k, "partitions"),
        (short) positive(k, "replication-factor"),
        positive(k, "in-flight"),
        positive(k, "max-poll-records"),
        positive(k, "commit-max-batch"),
        k.getDuration("commit-max-interval"),
        k.getDuration("session-timeout"),
        k.getDuration("retry-min-backoff"),
        k.getDuration("retry-max-backoff"),
        k.getDuration("restart-min-backoff"),
        k.getDuration("restart-max-backoff"),
        new Embedded(
            Path.of(daifa.getString("data-dir")).resolve("kafka").toAbsolutePath(),
            e.getString("host"),
            e.getInt("port"),
            e.getInt("controller-port"),
            e.getString("heap"),
            e.getDuration("startup-timeout"),
            e.getString("classpath-file")));
  }

  /**
   * {@code off} turns ingest off unless a bootstrap is named; {@code embedded} starts a broker (and
   * refuses a bootstrap as well: which one would be meant?); anything else is refused by name.
   */
  static Mode mode(String value, String bootstrap) {
    String mode = value.trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "off", "", "external" -> {
        if (mode.equals("external") && bootstrap.isEmpty()) {
          throw new IllegalArgumentException(
              "DAIFA_KAFKA=external needs DAIFA_KAFKA_BOOTSTRAP (host:port,...)");
        }
        return bootstrap.isEmpty() ? Mode.OFF : Mode.EXTERNAL;
      }
      case "embedded" -> {
        if (!bootstrap.isEmpty()) {
          throw new IllegalArgumentException(
              "DAIFA_KAFKA=embedded starts a broker of its own; unset DAIFA_KAFKA_BOOTSTRAP ("
                  + bootstrap
                  + ") or unset DAIFA_KAFKA");
        }
        return Mode.EMBEDDED;
      }
      default ->
          throw new IllegalArgumentException(
              "DAIFA_KAFKA (daifa.kafka.mode) is '"
                  + value
                  + "'; expected off, embedded or external");
    }
  }

  private static String nonBlank(Config k, String key) {
    String value = k.getString(key).trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("daifa.kafka." + key + " must not be empty");
    }
    return value;
  }

  private static int positive(Config k, String key) {
    int value = k.getInt(key);
    if (value < 1) {
      throw new IllegalArgumentException("daifa.kafka." + key + " must be at least 1: " + value);
    }
    return value;
  }

  public boolean enabled() {
    return mode != Mode.OFF;
  }
}
