package io.daifa.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What starting a storage or broker JVM of our own needs: is it listening, what did it say. */
public final class ChildProcesses {

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
