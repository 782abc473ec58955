package io.daifa.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What starting a storage or broker JVM of our own needs: is it listening, what did it say. */
public final class ChildProcesses {

  private static final Logger log = LoggerFactory.getLogger(ChildProcesses.class);

  private ChildProcesses() {}

  /** Whether something accepts TCP connections on {@code host:port} (within 500 ms). */
  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops a child JVM and removes its pid file: SIGTERM lets it close its files cleanly; SIGKILL if
   * it has not stopped within {@code patience}.
   */
  public static void stop(Process process, Duration patience, String what, Path pidFile) {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("{} did not stop within {}; killing it", what, patience);
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      log.warn("could not remove {}", pidFile, e);
    }
  }

  /**
   * The classpath the build resolved for a child JVM ({@code what}: Cassandra, Kafka), from the
   * file it wrote ({@code builtAs}, for the message when it is missing).
   */
  public static String classpath(String file, String what, String builtAs) throws IOException {
    if (file.isEmpty() || !Files.exists(Path.of(file))) {
      throw new IllegalStateException(
          what
              + "'s classpath file '"
              + file
              + "' is missing: build with `mvn package` (it writes "
              + builtAs
              + ") or start through ./daifa");
    }
    return Files.readString(Path.of(file)).trim();
  }

  /** The last 40 lines of a log, for an error message. */
  public static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
