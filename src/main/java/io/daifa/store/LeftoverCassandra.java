package io.daifa.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds and stops a Cassandra node left running on a data directory by a router that died without
 * stopping it (kill -9, the OOM killer). The node is recognised by its whole command line — its
 * main class and its storage directory — read from {@code /proc/<pid>/cmdline}: {@link
 * ProcessHandle.Info#commandLine()} is cut at 4,096 characters on Linux, well before the main class
 * that follows Cassandra's classpath. The pid file is tried first; a node whose pid file is gone is
 * found by scanning the processes, so a crash between start and pid file never strands a node.
 */
final class LeftoverCassandra {

  static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

  private static final Path PROC = Path.of("/proc");
  private static final long STOP_TIMEOUT_SECONDS = 60;

  private LeftoverCassandra() {}

  /** The system property that names a node's storage directory on its command line. */
  static String storageDirArgument(Path home) {
    return "-Dcassandra.storagedir=" + home;
  }

  /** Stops every node running on {@code home}; returns how many were stopped. */
  static int stop(Path home, Path pidFile, Consumer<String> out) throws IOException {
    List<ProcessHandle> leftovers = find(home, pidFile);
    for (ProcessHandle leftover : leftovers) {
      out.accept(
          "Stopping Cassandra left running on "
              + home
              + " by an earlier router (pid "
              + leftover.pid()
              + ")");
      leftover.destroy();
      boolean stopped =
          leftover
              .onExit()
              .orTimeout(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .thenApply(p -> true)
              .exceptionally(e -> false)
              .join();
      if (!stopped) {
        leftover.destroyForcibly();
        leftover.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
      }
    }
    Files.deleteIfExists(pidFile);
    return leftovers.size();
  }

  /** The live processes that are a Cassandra node on {@code home}. */
  static List<ProcessHandle> find(Path home, Path pidFile) throws IOException {
    Optional<Long> recorded = recordedPid(pidFile);
    if (recorded.isPresent()) {
      Optional<ProcessHandle> byPid =
          ProcessHandle.of(recorded.get()).filter(p -> isNodeOn(p.pid(), home));
      if (byPid.isPresent()) {
        return List.of(byPid.get());
      }
    }
    List<ProcessHandle> found = new ArrayList<>();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      all.filter(p -> p.pid() != ProcessHandle.current().pid())
          .filter(p -> isNodeOn(p.pid(), home))
          .forEach(found::add);
    }
    return found;
  }

  static boolean isNodeOn(long pid, Path home) {
    List<String> arguments = commandLine(pid);
    return arguments.contains(MAIN_CLASS) && arguments.contains(storageDirArgument(home));
  }

  /** The process's arguments, whole; empty when it is gone or not readable. */
  static List<String> commandLine(long pid) {
    Path cmdline = PROC.resolve(Long.toString(pid)).resolve("cmdline");
    try {
      String raw = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
      return List.of(raw.split("\0"));
    } catch (IOException | SecurityException e) {
      return ProcessHandle.of(pid)
          .flatMap(p -> p.info().arguments())
          .map(List::of)
          .orElse(List.of());
    }
  }

  private static Optional<Long> recordedPid(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
