package io.daifa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stand-in node: a shell whose command line has the shape of Cassandra's (a classpath far longer
 * than the 4,096 characters {@code ProcessHandle.Info} shows, then the storage directory and the
 * main class), killed by nobody when the test starts, as after a router's kill -9. It waits on its
 * input with a builtin: a shell loop forking {@code sleep} showed, for an instant each second, a
 * child with the same command line, and the search then found two nodes (CI, 2026-12-01).
 */
class LeftoverCassandraTest {

  @TempDir Path home;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killStandIns() {
    started.forEach(Process::destroyForcibly);
  }

  private Process standIn(Path storage) throws Exception {
    String classpath = "/jars/cassandra-all.jar:" + "/jars/some-dependency-1.0.jar:".repeat(400);
    Process process =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "read -r line",
                "java",
                "-cp",
                classpath,
                LeftoverCassandra.storageDirArgument(storage),
                LeftoverCassandra.MAIN_CLASS)
            .start();
    started.add(process);
    // The shell has replaced the forked JVM image once /proc shows its arguments.
    for (int i = 0; i < 100 && !LeftoverCassandra.isNodeOn(process.pid(), storage); i++) {
      Thread.sleep(20);
    }
    return process;
  }

  @Test
  void aNodeWhoseCommandLineIsLongerThanFourKilobytesIsFoundByItsPidFileAndStopped()
      throws Exception {
    Process node = standIn(home);
    assertFalse(
        node.info().commandLine().orElse("").contains(LeftoverCassandra.MAIN_CLASS),
        "the premise: the JDK's own view of the command line is cut before the main class");
    Path pidFile = home.resolve("cassandra.pid");
    Files.writeString(pidFile, Long.toString(node.pid()));

    assertEquals(1, LeftoverCassandra.stop(home, pidFile, line -> {}));

    assertTrue(node.waitFor(10, TimeUnit.SECONDS), "the leftover node is stopped");
    assertFalse(Files.exists(pidFile));
  }

  /**
   * A second router started on the data directory of one that still runs: the node belongs to the
   * first (its parent has a router's main class) and is left alone, with a refusal saying why.
   */
  @Test
  void aNodeOfARouterThatStillRunsIsRefusedNotStopped() throws Exception {
    String classpath = "/jars/cassandra-all.jar:" + "/jars/some-dependency-1.0.jar:".repeat(400);
    String node =
        "exec 3<&0; /bin/sh -c 'read -r line <&3' java -cp "
            + classpath
            + " "
            + LeftoverCassandra.storageDirArgument(home)
            + " "
            + LeftoverCassandra.MAIN_CLASS
            + " & read -r line";
    Process router = new ProcessBuilder("/bin/sh", "-c", node, "io.daifa.app.Main").start();
    started.add(router);
    ProcessHandle child = null;
    for (int i = 0; i < 100 && child == null; i++) {
      child =
          router
              .children()
              .filter(p -> LeftoverCassandra.isNodeOn(p.pid(), home))
              .findFirst()
              .orElse(null);
      Thread.sleep(20);
    }
    assertNotNull(child, "the premise: the router's node runs");
    ProcessHandle nodeProcess = child;
    try {
      var refused =
          assertThrows(
              IllegalStateException.class,
              () -> LeftoverCassandra.stop(home, home.resolve("cassandra.pid"), line -> {}));
      assertTrue(refused.getMessage().contains("pid " + router.pid()), refused.getMessage());
      assertTrue(nodeProcess.isAlive(), "the running router's node is left alone");
    } finally {
      nodeProcess.destroyForcibly();
    }
  }

  @Test
  void aNodeWhosePidFileIsGoneIsFoundAmongTheProcesses() throws Exception {
    Process node = standIn(home);

    assertEquals(1, LeftoverCassandra.stop(home, home.resolve("cassandra.pid"), line -> {}));

    assertTrue(node.waitFor(10, TimeUnit.SECONDS));
  }

  @Test
  void aNodeOnAnotherDataDirectoryAndAStalePidAreLeftAlone(@TempDir Path other) throws Exception {
    Process elsewhere = standIn(other);
    Path pidFile = home.resolve("cassandra.pid");
    // A pid file naming a live process that is not a node on this directory (a reused pid).
    Files.writeString(pidFile, Long.toString(elsewhere.pid()));

    assertEquals(0, LeftoverCassandra.stop(home, pidFile, line -> {}));

    assertTrue(elsewhere.isAlive());
    assertFalse(Files.exists(pidFile));
  }
}
