package io.daifa.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.OptionsMap;
import com.datastax.oss.driver.api.core.config.TypedDriverOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Daifa's storage, made ready: the configured external cluster, or an embedded node started for
 * this process; with the schema applied when the configuration asks for it.
 */
public final class Storage implements AutoCloseable {

  private final List<String> contactPoints;
  private final EmbeddedCassandra embedded;
  private Optional<TagQueryStart> tagQueryStart = Optional.empty();

  private Storage(List<String> contactPoints, EmbeddedCassandra embedded) {
    this.contactPoints = contactPoints;
    this.embedded = embedded;
  }

  public static Storage open(CassandraSettings settings, Consumer<String> out)
      throws IOException, InterruptedException {
    EmbeddedCassandra embedded = null;
    List<String> contactPoints = settings.contactPoints();
    if (settings.useEmbedded()) {
      embedded = EmbeddedCassandra.start(settings.embedded(), out);
      contactPoints = List.of(embedded.contactPoint());
    } else {
      out.accept("Using the Cassandra cluster at " + String.join(",", contactPoints));
    }
    Storage storage = new Storage(contactPoints, embedded);
    try {
      if (settings.applySchema()) {
        long started = System.nanoTime();
        storage.applySchema(settings, Duration.ofSeconds(60));
        out.accept(
            String.format(
                "Schema applied to keyspace %s in %.1f s",
                settings.keyspace(), (System.nanoTime() - started) / 1e9));
      } else {
        storage.readTagQueryStart(settings);
      }
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    storage.tagQueryStart.ifPresent(
        start -> out.accept("Tag queries begin at " + start.firstTimeBucket() + " UTC"));
    return storage;
  }

  public List<String> contactPoints() {
    return contactPoints;
  }

  /** Where the keyspace's tag queries begin, when the keyspace records it ({@link Schema}). */
  public Optional<TagQueryStart> tagQueryStart() {
    return tagQueryStart;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  /** The embedded node's process, for measuring what it costs; empty for an external cluster. */
  public java.util.OptionalLong embeddedPid() {
    return embedded == null
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(embedded.pid());
  }

  /** Opens a driver session to the storage, for tools and tests that read it directly. */
  public CqlSession session(String localDatacenter) {
    // The driver's defaults only: application.conf configures the persistence plugin's session.
    return session(localDatacenter, OptionsMap.driverDefaults());
  }

  /**
   * A session for schema changes. Without schema metadata, the driver answers a DDL statement once
   * the nodes agree on the schema, instead of after its debounced refresh of the whole schema
   * (about a second for each statement: most of the half minute a keyspace took to create).
   */
  private CqlSession schemaSession(String localDatacenter) {
    OptionsMap options = OptionsMap.driverDefaults();
    options.put(TypedDriverOption.METADATA_SCHEMA_ENABLED, false);
    return session(localDatacenter, options);
  }

  private CqlSession session(String localDatacenter, OptionsMap options) {
    var builder =
        CqlSession.builder()
            .withConfigLoader(DriverConfigLoader.fromMap(options))
            .withLocalDatacenter(localDatacenter);
    for (String point : contactPoints) {
      int colon = point.lastIndexOf(':');
      String host = colon < 0 ? point : point.substring(0, colon);
      int port = colon < 0 ? 9042 : Integer.parseInt(point.substring(colon + 1));
      builder.addContactPoint(new InetSocketAddress(host, port));
    }
    return builder.build();
  }

  /** The node may open its port a moment before it accepts schema changes: retry briefly. */
  private void applySchema(CassandraSettings settings, Duration patience)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    while (true) {
      try (CqlSession session = schemaSession(settings.localDatacenter())) {
        tagQueryStart = Schema.apply(session, settings, Instant.now());
        return;
      } catch (Schema.OutdatedSchema e) {
        throw e;
      } catch (RuntimeException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  /**
   * A schema applied by the operators may still hold the record; without it, or without an answer,
   * the configured start stays (slower to start, never wrong).
   */
  private void readTagQueryStart(CassandraSettings settings) {
    try (CqlSession session = schemaSession(settings.localDatacenter())) {
      tagQueryStart = Schema.tagQueryStart(session, settings.keyspace());
    } catch (RuntimeException e) {
      tagQueryStart = Optional.empty();
    }
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
