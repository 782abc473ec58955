package io.daifa.common;

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
 * Finds and stops a storage or broker JVM (an embedded Cassandra node, an embedded Kafka broker)
 * left running by a router that died without stopping it (kill -9, the OOM killer). The process is
 * recognised by its whole command line — its main class and an argument naming its data directory —
 * read from {@code /proc/<pid>/cmdline}: {@link ProcessHandle.Info#commandLine()} is cut at 4,096
 * characters on Linux, well before the main class that follows a long classpath. The pid file is
 * tried first; a process whose pid file is gone is found by scanning the processes, so a crash
 * between start and pid file never strands one.
 *
 * @param what the process as the log names it
 * @param mainClass its main class
 * @param marker an argument only a process on this data directory has
 */
public record LeftoverJvm(String what, String mainClass, String marker) {

  private static final Path PROC = Path.of("/proc");
  private static final long STOP_TIMEOUT_SECONDS = 60;

  /** The main class of a router: a process started by one that still runs is not left over. */
  static final String ROUTER_MAIN_CLASS = "io.daifa.app.Main";

  /**
   * Stops every such process; returns how many were stopped.
   *
   * @throws IllegalStateException if one was started by another router that still runs (a second
   *     router on the same data directory), which is left alone
   */
  public int stop(Path pidFile, Consumer<String> out) throws IOException {
    List<ProcessHandle> leftovers = find(pidFile);
    for (ProcessHandle leftover : leftovers) {
      ownerStillRunning(leftover)
          .ifPresent(
              router -> {
                throw new IllegalStateException(
                    what
                        + " on this data directory ("
                        + marker
                        + ") belongs to a router still running as pid "
                        + router.pid()
                        + "; stop that router, or give this one another data directory");
              });
    }
    for (ProcessHandle leftover : leftovers) {
      out.accept(
          "Stopping "
              + what
              + " left running by an earlier router (pid "
              + leftover.pid()
              + ", "
              + marker
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

  /** The live processes that are this JVM. */
  public List<ProcessHandle> find(Path pidFile) throws IOException {
    Optional<Long> recorded = recordedPid(pidFile);
    if (recorded.isPresent()) {
      Optional<ProcessHandle> byPid = ProcessHandle.of(recorded.get()).filter(p -> is(p.pid()));
      if (byPid.isPresent()) {
        return List.of(byPid.get());
      }
    }
    List<ProcessHandle> found = new ArrayList<>();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      all.filter(p -> p.pid() != ProcessHandle.current().pid())
          .filter(p -> is(p.pid()))
          .forEach(found::add);
    }
    return found;
  }

  /**
   * The router that started {@code process} if it still runs: its parent, when that is another
   * process than this one with a router's main class. A router killed with -9 leaves its child to
   * the init process, which is not.
   */
  static Optional<ProcessHandle> ownerStillRunning(ProcessHandle process) {
    return process
        .parent()
        .filter(ProcessHandle::isAlive)
        .filter(parent -> parent.pid() != ProcessHandle.current().pid())
        .filter(parent -> commandLine(parent.pid()).contains(ROUTER_MAIN_CLASS));
  }

  /** Whether the process {@code pid} is this JVM. */
  public boolean is(long pid) {
    List<String> arguments = commandLine(pid);
    return arguments.contains(mainClass) && arguments.contains(marker);
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
