package io.daifa.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcCpuTest {

  @TempDir Path proc;

  /** A stat line as Linux writes it; utime and stime are its 14th and 15th fields. */
  private static String stat(String name, long utime, long stime) {
    return "42 ("
        + name
        + ") S 1 42 42 0 -1 4194304 100 0 0 0 "
        + utime
        + " "
        + stime
        + " 0 0 20 0 30 0 12345 0 0\n";
  }

  private void thread(long pid, long tid, String name, long utime, long stime) throws IOException {
    Path task = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
    Files.writeString(task.resolve("comm"), name + "\n");
    Files.writeString(task.resolve("stat"), stat(name, utime, stime));
  }

  @Test
  void theCompilersAreTheC1AndC2ThreadsAndNothingElse() throws IOException {
    thread(42, 42, "java", 500, 100);
    thread(42, 43, "C2 CompilerThre", 300, 20);
    thread(42, 44, "C1 CompilerThre", 40, 5);
    thread(42, 45, "GC Thread#0", 70, 7);
    // A thread name with a space and a parenthesis must not shift the fields.
    thread(42, 46, "odd) name (x", 1, 1);
    Files.writeString(proc.resolve("42/stat"), stat("java", 2_000, 300));

    ProcCpu cpu = new ProcCpu(proc);
    assertEquals((300 + 20 + 40 + 5) * 10_000_000L, cpu.compilerNanos(42));
    assertEquals((2_000 + 300) * 10_000_000L, cpu.processNanos(42));
  }

  @Test
  void aProcessThatIsGoneCostsNothing() {
    ProcCpu cpu = new ProcCpu(proc);
    assertEquals(0, cpu.compilerNanos(7));
    assertEquals(0, cpu.processNanos(7));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void thisJvmsCompilersHaveWorkedAndTakeLessThanTheWholeProcess() {
    long pid = ProcessHandle.current().pid();
    long compilers = ProcCpu.LINUX.compilerNanos(pid);
    assertTrue(compilers > 0, "a JVM that ran JUnit has compiled something");
    assertTrue(compilers <= ProcCpu.LINUX.processNanos(pid));
  }
}
