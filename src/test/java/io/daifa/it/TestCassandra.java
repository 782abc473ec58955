package io.daifa.it;

import com.typesafe.config.Config;
import io.daifa.app.DaifaConfig;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real Cassandra node that integration tests run against: started once per test JVM from the
 * jars the build resolved, on free ports, under {@code target/it}, and stopped when the JVM exits.
 * Each call of {@link #freshKeyspace} gives a test its own keyspace with the shipped schema.
 */
public final class TestCassandra {

  private static Storage storage;
  private static Map<String, Object> nodeSettings;
  private static int keyspaces;

  private TestCassandra() {}

  /**
   * Configuration overrides for a router node using a new keyspace of the shared node; the schema
   * is applied to it before this returns.
   */
  public static synchronized Map<String, Object> freshKeyspace(String name) {
    try {
      if (storage == null) {
        start();
      }
      String keyspace =
          "it_" + name + "_" + System.currentTimeMillis() % 1_000_000 + "_" + ++keyspaces;
      Map<String, Object> overrides = new HashMap<>(nodeSettings);
      overrides.put("daifa.cassandra.keyspace", keyspace);
      overrides.put("daifa.cassandra.contact-points", String.join(",", storage.contactPoints()));
      Config config = DaifaConfig.load(overrides);
      // Against an external node, Storage only applies the schema to the new keyspace.
      Storage.open(CassandraSettings.fromConfig(config.getConfig("daifa")), System.out::println)
          .close();
      return overrides;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The process of the shared node, for tests that pause or kill it. */
  public static synchronized long embeddedPid() {
    if (storage == null) {
      throw new IllegalStateException("no test node yet: call freshKeyspace first");
    }
    return storage.embeddedPid().orElseThrow();
  }

  private static void start() throws IOException, InterruptedException {
    Path workDir = Path.of(System.getProperty("daifa.it.work-dir", "target/it"));
    Map<String, Object> settings = new HashMap<>();
    settings.put("daifa.data-dir", workDir.resolve("run-" + System.currentTimeMillis()).toString());
    settings.put("daifa.cassandra.embedded.native-port", freePort());
    settings.put("daifa.cassandra.embedded.storage-port", freePort());
    settings.put("daifa.cassandra.embedded.heap", "2g");
    settings.put("daifa.cassandra.apply-schema", "off");
    settings.put("pekko.remote.artery.canonical.port", 0);
    CassandraSettings cassandra =
        CassandraSettings.fromConfig(DaifaConfig.load(settings).getConfig("daifa"));
    storage = Storage.open(cassandra, System.out::println);
    Runtime.getRuntime().addShutdownHook(new Thread(storage::close, "test-cassandra-stop"));
    settings.put("daifa.cassandra.apply-schema", "on");
    nodeSettings = settings;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
