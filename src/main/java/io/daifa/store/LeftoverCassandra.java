package io.daifa.store;

import io.daifa.common.LeftoverJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A Cassandra node left running on a data directory by a router that died without stopping it: its
 * main class and its storage directory on its command line ({@link LeftoverJvm}).
 */
final class LeftoverCassandra {

  static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

  private LeftoverCassandra() {}

  /** The system property that names a node's storage directory on its command line. */
  static String storageDirArgument(Path home) {
    return "-Dcassandra.storagedir=" + home;
  }

  /** Stops every node running on {@code home}; returns how many were stopped. */
  static int stop(Path home, Path pidFile, Consumer<String> out) throws IOException {
    return on(home).stop(pidFile, out);
  }

  static boolean isNodeOn(long pid, Path home) {
    return on(home).is(pid);
  }

  private static LeftoverJvm on(Path home) {
    return new LeftoverJvm("Cassandra", MAIN_CLASS, storageDirArgument(home));
  }
}
