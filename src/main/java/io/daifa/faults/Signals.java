package io.daifa.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Unix signals to another process: the faults an operator's machine deals out. */
public final class Signals {

  private Signals() {}

  public static void send(String signal, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }
  }

  /**
   * SIGSTOP reaches a process's threads a moment after kill returns; work done in that moment still
   * lands, so a pause begins when every thread shows as stopped.
   */
  public static void stop(long pid) throws IOException, InterruptedException {
    send("STOP", pid);
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> threads = Files.list(tasks)) {
        if (threads.allMatch(Signals::isStopped)) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the threads of " + pid + " did not stop within 5 s");
  }

  public static void resume(long pid) throws IOException, InterruptedException {
    send("CONT", pid);
  }

  /** The state field of {@code /proc/<pid>/task/<tid>/stat}, after the command's parentheses. */
  private static boolean isStopped(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'T' || state == 't';
    } catch (IOException gone) {
      return true; // a thread that ended is not running either
    }
  }
}
