package io.daifa.it;

import com.typesafe.config.Config;
import io.daifa.app.DaifaConfig;
import io.daifa.common.FreePorts;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The real Cassandra node that integration tests run against: started once per test JVM from the
 * jars the build resolved, on free ports, under {@code target/it}, and stopped when the JVM exits.
 * Each call of {@link #freshKeyspace} gives a test its own keyspace with the shipped schema.
 *
 * <p>Creating a keyspace's tables takes about half a minute on this node (each schema change is
 * flushed to disk), longer than most tests' own work: so while a test runs, the next keyspace is
 * created in the background, and the next test finds it ready.
 */
public final class TestCassandra {

  private static Storage storage;
  private static Map<String, Object> nodeSettings;
  private static int keyspaces;
  private static String nextKeyspace;
  private static CompletableFuture<Void> nextReady;

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
      String keyspace;
      if (nextKeyspace != null) {
        keyspace = nextKeyspace;
        try {
          nextReady.join();
        } catch (CompletionException e) {
          // Finished below: every statement of the schema is IF NOT EXISTS.
          System.out.println("Keyspace " + keyspace + " not prepared in the background: " + e);
        }
      } else {
        keyspace = newKeyspaceName();
      }
      Map<String, Object> overrides = applySchema(keyspace);
      System.out.println("Keyspace " + keyspace + " for " + name);
      nextKeyspace = newKeyspaceName();
      String prepared = nextKeyspace;
      nextReady = CompletableFuture.runAsync(() -> applySchema(prepared), BACKGROUND);
      return overrides;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final Executor BACKGROUND =
      command -> {
        Thread thread = new Thread(command, "test-keyspace-ahead");
        thread.setDaemon(true);
        thread.start();
      };

  private static String newKeyspaceName() {
    return "it_" + System.currentTimeMillis() % 1_000_000 + "_" + ++keyspaces;
  }

  /** Applies the schema to {@code keyspace} (again: a complete one is left as it is). */
  private static Map<String, Object> applySchema(String keyspace) {
    Map<String, Object> overrides = new HashMap<>(nodeSettings);
    overrides.put("daifa.cassandra.keyspace", keyspace);
    overrides.put("daifa.cassandra.contact-points", String.join(",", storage.contactPoints()));
    Config config = DaifaConfig.load(overrides);
    // Against an external node, Storage only applies the schema to the new keyspace.
    try {
      Storage.open(CassandraSettings.fromConfig(config.getConfig("daifa")), System.out::println)
          .close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return overrides;
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
    settings.put("daifa.cassandra.embedded.native-port", FreePorts.next());
    settings.put("daifa.cassandra.embedded.storage-port", FreePorts.next());
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
}
