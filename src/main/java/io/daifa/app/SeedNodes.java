package io.daifa.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed nodes an operator writes ({@code 10.0.0.5:25520,10.0.0.6:25520}, or full {@code
 * pekko://daifa@host:port} addresses) as the cluster addresses Pekko joins. The actor system's name
 * is always {@code daifa}, so an operator never has to spell it.
 */
final class SeedNodes {

  static final String SYSTEM = "daifa";

  private SeedNodes() {}

  /**
   * Parses the list; {@code defaultHost} is used for an entry that gives only a port.
   *
   * @throws IllegalArgumentException naming the entry that is not an address
   */
  static List<String> parse(String list, String defaultHost) {
    List<String> addresses = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.startsWith("pekko://")) {
        if (!entry.startsWith("pekko://" + SYSTEM + "@")) {
          throw new IllegalArgumentException(
              "seed node " + entry + ": the actor system of a Daifa router is " + SYSTEM);
        }
        hostAndPort(entry.substring(("pekko://" + SYSTEM + "@").length()), defaultHost, entry);
        addresses.add(entry);
      } else {
        addresses.add("pekko://" + SYSTEM + "@" + hostAndPort(entry, defaultHost, entry));
      }
    }
    return List.copyOf(addresses);
  }

  /**
   * A comma-separated list of {@code host:port} (or bare ports, on {@code defaultHost}), checked;
   * as the pairs {@code [host, port]}.
   */
  static List<String[]> hostPorts(String list, String defaultHost) {
    List<String[]> pairs = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.strip();
      if (!entry.isEmpty()) {
        String hostPort = hostAndPort(entry, defaultHost, entry);
        int colon = hostPort.lastIndexOf(':');
        pairs.add(new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)});
      }
    }
    return pairs;
  }

  private static String hostAndPort(String hostPort, String defaultHost, String entry) {
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? defaultHost : hostPort.substring(0, colon);
    String port = colon < 0 ? hostPort : hostPort.substring(colon + 1);
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (host.isBlank() || number < 1 || number > 65_535) {
      throw new IllegalArgumentException(
          "seed node " + entry + " is not host:port (the remote port of a router, e.g. 25520)");
    }
    return host + ":" + number;
  }
}
