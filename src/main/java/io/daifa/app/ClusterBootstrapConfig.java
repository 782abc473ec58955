package io.daifa.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a router finds its cluster with Cluster Bootstrap ({@code daifa.cluster.bootstrap}): the
 * discovery method Pekko Management uses, and for {@code config} the endpoints it is given.
 */
final class ClusterBootstrapConfig {

  private static final String DISCOVERY =
      "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method";

  private ClusterBootstrapConfig() {}

  /** Whether this node starts Pekko Management and Cluster Bootstrap. */
  static boolean enabled(Config config) {
    return !mode(config).equals("off");
  }

  private static String mode(Config config) {
    return config.getString("daifa.cluster.bootstrap").strip();
  }

  /** The configuration with the discovery of the chosen mode. */
  static Config apply(Config config) {
    String mode = mode(config);
    switch (mode) {
      case "off" -> {
        return config;
      }
      case "kubernetes-api", "config" -> {
        // both are the names of discovery methods
      }
      default ->
          throw new IllegalArgumentException(
              "DAIFA_CLUSTER_BOOTSTRAP is " + mode + "; use off, kubernetes-api or config");
    }
    if (!config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      throw new IllegalArgumentException(
          "seed nodes and Cluster Bootstrap exclude each other: set DAIFA_SEED_NODES or"
              + " DAIFA_CLUSTER_BOOTSTRAP, not both");
    }
    Map<String, Object> overrides = new java.util.HashMap<>();
    overrides.put(DISCOVERY, mode);
    if (mode.equals("config")) {
      String service =
          config.getString(
              "pekko.management.cluster.bootstrap.contact-point-discovery.service-name");
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (String[] hostPort :
          SeedNodes.hostPorts(
              config.getString("daifa.cluster.bootstrap-endpoints"),
              config.getString("pekko.management.http.hostname"))) {
        endpoints.add(Map.of("host", hostPort[0], "port", Integer.parseInt(hostPort[1])));
      }
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException(
            "DAIFA_CLUSTER_BOOTSTRAP=config needs DAIFA_BOOTSTRAP_ENDPOINTS: host:port of every"
                + " router's management port");
      }
      overrides.put("pekko.discovery.config.services." + service + ".endpoints", endpoints);
    }
    return ConfigFactory.parseMap(overrides).withFallback(config);
  }
}
