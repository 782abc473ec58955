package io.daifa.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Ports for the processes a test or a command starts (Cassandra, Kafka, routers): one the system
 * had free a moment ago, and never one this JVM has handed out before. The system may offer a port
 * again as soon as its probe socket closes, and twice the same port for two routers (one's
 * management endpoint, the other's cluster port) left one of them unable to bind and the other
 * probing itself (ClusterIT, 2026-12-06).
 */
public final class FreePorts {

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** A free port not handed out before by this JVM. */
  public static synchronized int next() {
    while (true) {
      int port = probe();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
