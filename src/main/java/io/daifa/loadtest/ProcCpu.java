package io.daifa.loadtest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's {@code /proc}: of a whole process, and of its JIT compiler threads. A JVM
 * compiles its hot code for minutes after it starts; on a box whose cores the router and Cassandra
 * share, what the compilers take is taken from the work being measured, so a run reports it apart.
 * Anything unreadable (another OS, a process gone) counts as zero.
 */
final class ProcCpu {

  /** Linux reports CPU time in clock ticks of 1/100 s on every architecture it runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** HotSpot's "C1 CompilerThread0", "C2 CompilerThread1", … as Linux keeps them (15 chars). */
  private static final String C1 = "C1 Compiler";

  private static final String C2 = "C2 Compiler";

  static final ProcCpu LINUX = new ProcCpu(Path.of("/proc"));

  private final Path proc;

  ProcCpu(Path proc) {
    this.proc = proc;
  }

  long processNanos(long pid) {
    return statNanos(proc.resolve(Long.toString(pid)).resolve("stat"));
  }

  /**
   * The CPU time of the process's C1 and C2 compiler threads. HotSpot may stop a compiler thread it
   * no longer needs (never the last of each kind), and its time leaves with it: on a box with more
   * cores than this one the figure can be an undercount.
   */
  long compilerNanos(long pid) {
    long total = 0;
    Path tasks = proc.resolve(Long.toString(pid)).resolve("task");
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        String name = readOrEmpty(thread.resolve("comm")).trim();
        if (name.startsWith(C1) || name.startsWith(C2)) {
          total += statNanos(thread.resolve("stat"));
        }
      }
    } catch (IOException | RuntimeException e) {
      return total;
    }
    return total;
  }

  /** utime + stime, fields 14 and 15 of a stat file (counted after the name in parentheses). */
  private static long statNanos(Path stat) {
    try {
      String line = Files.readString(stat);
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
