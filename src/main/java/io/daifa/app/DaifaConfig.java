package io.daifa.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
    return ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.systemProperties())
        .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  /** The same configuration, pointed at the storage that was made ready. */
  public static Config withContactPoints(Config config, List<String> contactPoints) {
    return ConfigFactory.parseMap(
            Map.of("datastax-java-driver.basic.contact-points", contactPoints))
        .withFallback(config);
  }
}
