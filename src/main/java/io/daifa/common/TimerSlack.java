package io.daifa.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Starts a child process with a longer timer slack: how late the kernel may wake a thread from a
 * timed sleep, so that it can wake several at once (Linux, {@code prctl(PR_SET_TIMERSLACK)}; 50 µs
 * unless set). A process keeps its slack across exec and hands it to every thread it creates, so a
 * shell that sets its own and then execs the JVM sets it for all the JVM's threads. No privilege is
 * needed: a process may set its own.
 *
 * <p>Why: Cassandra's request threads spin between requests in sleeps of 10 µs ({@code
 * SEPWorker.doWaitSpin}), and each sleep is a timer the kernel arms and fires. On a virtual machine
 * that is a trip through the hypervisor each time: a third of Cassandra's CPU in profiles of this
 * router's load, at any order rate (docs/performance-history.md, "Cassandra's idle spin"). With a
 * slack of a few hundred µs the same spin sleeps a few hundred µs per turn, and Cassandra has no
 * setting of its own for it.
 */
public final class TimerSlack {

  private static final Path OWN_SLACK = Path.of("/proc/self/timerslack_ns");
  private static final Path SHELL = Path.of("/bin/sh");

  private TimerSlack() {}

  /**
   * What to put before a command so that it runs with {@code slack}: empty for zero, or where the
   * kernel has no such file (not Linux). If the shell cannot set it, the command still runs, with
   * the slack it would have had.
   */
  public static List<String> launcher(Duration slack) {
    if (slack.isZero() || !Files.isWritable(OWN_SLACK) || !Files.isExecutable(SHELL)) {
      return List.of();
    }
    return List.of(
        SHELL.toString(),
        "-c",
        "echo \"$1\" > " + OWN_SLACK + "; shift; exec \"$@\"",
        "sh",
        Long.toString(slack.toNanos()));
  }
}
