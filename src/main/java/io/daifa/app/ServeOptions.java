package io.daifa.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code ./daifa serve}, as configuration overrides: {@code --join host:port}
 * (repeatable) joins the cluster of that router instead of forming one, {@code --http-port} and
 * {@code --remote-port} let several routers share one host. Everything else is configured by file
 * and environment.
 */
record ServeOptions(List<String> join, Map<String, Object> overrides) {

  static final String USAGE =
      """
        serve [--join host:port]... [--http-port N] [--remote-port N]
              --join joins the cluster of the router whose remote port that is; the node then
              uses the cluster's Cassandra (DAIFA_CASSANDRA_CONTACT_POINTS) and starts none
      """;

  static ServeOptions parse(String[] args) {
    List<String> join = new ArrayList<>();
    Map<String, Object> overrides = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--join" -> join.add(value);
        case "--http-port" -> overrides.put("daifa.http.port", port(option, value));
        case "--remote-port" ->
            overrides.put("pekko.remote.artery.canonical.port", port(option, value));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return new ServeOptions(List.copyOf(join), Map.copyOf(overrides));
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(option + " " + value + " is not a port (0-65535)");
  }
}
