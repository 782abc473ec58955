package io.daifa.faults;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.daifa.app.DaifaConfig;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fault suite's Cassandra: a node of its own (the jars and settings {@code ./daifa serve}
 * uses), which the suite pauses, kills with kill -9 and starts again on the same data while the
 * router, a separate process, goes on using it.
 */
final class CassandraNode implements AutoCloseable {

  private final CassandraSettings settings;
  private final Consumer<String> out;
  private Storage storage;

  CassandraNode(Path dataDir, int nativePort, int storagePort, Consumer<String> out) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("daifa.data-dir", dataDir.toAbsolutePath().toString());
    overrides.put("daifa.cassandra.contact-points", "");
    overrides.put("daifa.cassandra.embedded.native-port", nativePort);
    overrides.put("daifa.cassandra.embedded.storage-port", storagePort);
    overrides.put("daifa.cassandra.embedded.heap", "2g");
    this.settings = CassandraSettings.fromConfig(DaifaConfig.load(overrides).getConfig("daifa"));
    this.out = out;
  }

  void start() throws IOException, InterruptedException {
    storage = Storage.open(settings, out);
  }

  String contactPoint() {
    return String.join(",", storage.contactPoints());
  }

  long pid() {
    return storage.embeddedPid().orElseThrow();
  }

  /**
   * How many entities have a journal, and how many entity starts sharding has remembered (its
   * {@code /sharding/…} journals): a flood of requests that should start no entity changes neither.
   */
  record Census(long persistenceIds, long rememberedStarts) {}

  Census census() {
    long ids = 0;
    long remembered = 0;
    try (CqlSession session = storage.session(settings.localDatacenter())) {
      SimpleStatement scan =
          SimpleStatement.newInstance(
                  "SELECT persistence_id FROM " + settings.keyspace() + ".messages")
              .setTimeout(Duration.ofMinutes(2))
              .setPageSize(5_000);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Row row : session.execute(scan)) {
        String id = row.getString(0);
        if (seen.add(id)) {
          ids++;
        }
        if (id.startsWith("/sharding/")) {
          remembered++;
        }
      }
    }
    return new Census(ids, remembered);
  }

  void pause() throws IOException, InterruptedException {
    Signals.stop(pid());
  }

  void resume() throws IOException, InterruptedException {
    Signals.resume(pid());
  }

  /** kill -9: the commit log is all that survives of what was not flushed. */
  void kill() throws IOException, InterruptedException {
    long pid = pid();
    Signals.send("KILL", pid);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(50);
    }
    storage.close();
  }

  @Override
  public void close() {
    if (storage != null) {
      storage.close();
    }
  }
}
