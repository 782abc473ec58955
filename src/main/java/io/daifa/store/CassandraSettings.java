package io.daifa.store;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where Daifa's Cassandra is, from {@code daifa.cassandra}: an external cluster when contact points
 * are configured, otherwise the embedded node described by {@link Embedded}.
 */
public record CassandraSettings(
    List<String> contactPoints,
    String localDatacenter,
    String keyspace,
    String replication,
    OrderBuckets orderBuckets,
    boolean applySchema,
    Embedded embedded) {

  /** The embedded node: its own JVM, data under {@code dataDir}. */
  public record Embedded(
      Path dataDir,
      String host,
      int nativePort,
      int storagePort,
      String heap,
      String javaHome,
      String commitlogSync,
      Duration commitlogSyncGroupWindow,
      int concurrentWrites,
      String memtable,
      String commitlogAccess,
      Duration timerSlack,
      List<String> jvmOptions,
      Duration startupTimeout,
      String classpathFile) {}

  public static CassandraSettings fromConfig(Config daifa) {
    Config c = daifa.getConfig("cassandra");
    Config e = c.getConfig("embedded");
    List<String> contactPoints = parseContactPoints(c.getString("contact-points"));
    Embedded embedded =
        new Embedded(
            Path.of(daifa.getString("data-dir")).resolve("cassandra").toAbsolutePath(),
            e.getString("host"),
            e.getInt("native-port"),
            e.getInt("storage-port"),
            e.getString("heap"),
            e.getString("java-home"),
            e.getString("commitlog-sync"),
            e.getDuration("commitlog-sync-group-window"),
            e.getInt("concurrent-writes"),
            e.getString("memtable"),
            e.getString("commitlog-access"),
            e.getDuration("timer-slack"),
            parseJvmOptions(e.getString("jvm-options")),
            e.getDuration("startup-timeout"),
            e.getString("classpath-file"));
    return new CassandraSettings(
        contactPoints,
        c.getString("local-datacenter"),
        c.getString("keyspace"),
        c.getString("replication"),
        OrderBuckets.fromConfig(daifa),
        c.getBoolean("apply-schema"),
        embedded);
  }

  /** A comma-separated {@code host:port} list, as DAIFA_CASSANDRA_CONTACT_POINTS gives it. */
  public static List<String> parseContactPoints(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * Options for the embedded node's JVM, separated by spaces, as DAIFA_CASSANDRA_JVM_OPTIONS gives
   * them. Each must begin with {@code -}: a stray word would otherwise be taken for the class to
   * run, and Cassandra would not start with an error far from its cause.
   */
  public static List<String> parseJvmOptions(String options) {
    List<String> parsed =
        Arrays.stream(options.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
    for (String option : parsed) {
      if (!option.startsWith("-")) {
        throw new IllegalArgumentException(
            "daifa.cassandra.embedded.jvm-options: every option begins with '-', not \""
                + option
                + "\"");
      }
    }
    return parsed;
  }

  public boolean useEmbedded() {
    return contactPoints.isEmpty();
  }
}
