package io.daifa.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.daifa.store.CassandraSettings;
import java.util.List;
import java.util.Map;

/**
 * Assembles the configuration: explicit overrides, then system properties, then {@code
 * application.conf} (whose files read the environment), then the libraries' defaults; resolved last
 * so that overrides reach every setting that refers to them.
 */
public final class DaifaConfig {

  private DaifaConfig() {}

  public static Config load(Map<String, ?> overrides) {
    Config config =
        ConfigFactory.parseMap(overrides)
            .withFallback(ConfigFactory.systemProperties())
            .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    // DAIFA_CASSANDRA_CONTACT_POINTS is one comma-separated string; the driver wants a list.
    List<String> external =
        CassandraSettings.parseContactPoints(config.getString("daifa.cassandra.contact-points"));
    return external.isEmpty() ? config : withContactPoints(config, external);
  }

  /** The same configuration, pointed at the storage that was made ready. */
  public static Config withContactPoints(Config config, List<String> contactPoints) {
    return ConfigFactory.parseMap(
            Map.of("datastax-java-driver.basic.contact-points", contactPoints))
        .withFallback(config);
  }
}
