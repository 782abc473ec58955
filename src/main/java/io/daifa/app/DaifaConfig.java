package io.daifa.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Storage;
import io.daifa.store.TagQueryStart;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * Assembles the configuration: explicit overrides, then system properties, then the operator's
 * overlay file ({@code DAIFA_CONFIG_FILE}, e.g. {@code conf/production.conf}), then {@code
 * application.conf} (whose files read the environment), then the libraries' defaults; resolved last
 * so that overrides reach every setting that refers to them.
 */
public final class DaifaConfig {

  /** The environment variable naming the overlay file. */
  public static final String CONFIG_FILE_ENV = "DAIFA_CONFIG_FILE";

  private DaifaConfig() {}

  public static Config load(Map<String, ?> overrides) {
    Config config =
        ConfigFactory.parseMap(overrides)
            .withFallback(ConfigFactory.systemProperties())
            .withFallback(overlay(System.getenv(CONFIG_FILE_ENV)))
            .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    // Comma-separated strings from the environment; Pekko and the driver want lists.
    config = withSeedNodes(config, config.getString("daifa.cluster.seed-nodes"));
    config = ClusterBootstrapConfig.apply(config);
    List<String> external =
        CassandraSettings.parseContactPoints(config.getString("daifa.cassandra.contact-points"));
    return external.isEmpty() ? config : withContactPoints(config, external);
  }

  /** The overlay file, which must exist when it is named. */
  private static Config overlay(String path) {
    if (path == null || path.isBlank()) {
      return ConfigFactory.empty();
    }
    File file = new File(path);
    if (!file.isFile()) {
      throw new IllegalArgumentException(
          CONFIG_FILE_ENV + " names " + path + ", which is not a readable file");
    }
    return ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /** The same configuration, pointed at the storage that was made ready. */
  private static Config withContactPoints(Config config, List<String> contactPoints) {
    return ConfigFactory.parseMap(
            Map.of("datastax-java-driver.basic.contact-points", contactPoints))
        .withFallback(config);
  }

  /**
   * The same configuration, pointed at the storage that was made ready. A keyspace that records
   * when its journal was created ({@link TagQueryStart}) has its tag queries begin there, and never
   * had snapshots in the persistence plugin's table (it was created by a build with Daifa's own
   * snapshot store), so recoveries stop looking there.
   */
  public static Config forStorage(Config config, Storage storage) {
    Config pointed = withContactPoints(config, storage.contactPoints());
    return storage
        .tagQueryStart()
        .map(
            start ->
                ConfigFactory.parseMap(
                        Map.of(
                            "pekko.persistence.cassandra.events-by-tag.first-time-bucket",
                            start.firstTimeBucket(),
                            "daifa.snapshot-store.read-plugin-table",
                            false))
                    .withFallback(pointed))
        .orElse(pointed);
  }

  /** The same configuration, consuming orders from the Kafka broker that was started for it. */
  public static Config withKafkaBootstrap(Config config, String bootstrap) {
    return ConfigFactory.parseMap(
            Map.of("daifa.kafka.mode", "external", "daifa.kafka.bootstrap", bootstrap))
        .withFallback(config);
  }

  /** The same configuration with {@code pekko.cluster.seed-nodes} set from the given list. */
  static Config withSeedNodes(Config config, String seedNodes) {
    List<String> addresses =
        SeedNodes.parse(seedNodes, config.getString("pekko.remote.artery.canonical.hostname"));
    if (addresses.isEmpty()) {
      return config;
    }
    return ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes", addresses))
        .withFallback(config);
  }
}
