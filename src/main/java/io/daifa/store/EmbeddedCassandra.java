package io.daifa.store;

import io.daifa.common.ChildProcesses;
import io.daifa.common.TimerSlack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Cassandra 5 node in its own JVM, started from the jars the build resolved (Cassandra's
 * Netty, Guava and logback must not share the router's classpath). It keeps its files under the
 * data directory, is ready once CQL answers, and is stopped with the router. A node left running by
 * a router that was killed is found ({@link LeftoverCassandra}) and stopped before a new one
 * starts.
 */
public final class EmbeddedCassandra implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);

  /** Cassandra's own JDK 17 module flags (its conf/jvm17-server.options), less the GC tuning. */
  private static final List<String> JDK17_FLAGS =
      List.of(
          "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports=java.sql/java.sql=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "-Djdk.attach.allowAttachSelf=true",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Dcassandra-foreground=yes",
          "-Dcassandra.skip_wait_for_gossip_to_settle=0",
          "-Dcassandra.ring_delay_ms=0");

  private final CassandraSettings.Embedded settings;
  private final Process process;
  private final Path pidFile;

  private EmbeddedCassandra(CassandraSettings.Embedded settings, Process process, Path pidFile) {
    this.settings = settings;
    this.process = process;
    this.pidFile = pidFile;
  }

  /** Starts the node and returns once it answers CQL, or throws with the log's tail. */
  public static EmbeddedCassandra start(CassandraSettings.Embedded settings, Consumer<String> out)
      throws IOException, InterruptedException {
    Path home = settings.dataDir();
    Path conf = home.resolve("conf");
    Path logs = home.resolve("logs");
    Files.createDirectories(conf);
    Files.createDirectories(logs);
    Path pidFile = home.resolve("cassandra.pid");
    LeftoverCassandra.stop(home, pidFile, out);
    if (ChildProcesses.isListening(settings.host(), settings.nativePort())) {
      throw new IllegalStateException(
          "port "
              + settings.nativePort()
              + " is taken by another process; set DAIFA_CASSANDRA_PORT or stop it");
    }
    Path yaml = conf.resolve("cassandra.yaml");
    Files.writeString(yaml, CassandraYaml.render(settings), StandardCharsets.UTF_8);
    Path logback = conf.resolve("logback.xml");
    Files.writeString(logback, CassandraYaml.logback(logs), StandardCharsets.UTF_8);

    List<String> command = new ArrayList<>();
    // In its own session, Cassandra does not receive the terminal's Ctrl-C: the router stops it
    // after its own last write.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    List<String> withSlack = TimerSlack.launcher(settings.timerSlack());
    command.addAll(withSlack);
    command.add(javaExecutable(settings));
    command.add("-Xms" + settings.heap());
    command.add("-Xmx" + settings.heap());
    command.add("-XX:+UseG1GC");
    command.add("-Xss256k");
    // As Cassandra's own scripts do: a stall of the router's writes is most often read here.
    command.add(
        "-Xlog:gc,safepoint:file="
            + logs.resolve("gc.log")
            + ":time,uptime,tags:filecount=4,filesize=20m");
    command.addAll(JDK17_FLAGS);
    // The operator's own, after Daifa's: where both set an option, the JVM takes the last.
    command.addAll(settings.jvmOptions());
    command.add("-Dcassandra.config=" + yaml.toUri());
    command.add(LeftoverCassandra.storageDirArgument(home));
    command.add("-Dcassandra.logdir=" + logs);
    command.add("-Dlogback.configurationFile=" + logback);
    command.add("-cp");
    command.add(
        ChildProcesses.classpath(
            settings.classpathFile(), "Cassandra", "target/cassandra/classpath.txt"));
    command.add(LeftoverCassandra.MAIN_CLASS);

    Path console = logs.resolve("console.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .start();
    Files.writeString(pidFile, Long.toString(process.pid()));
    EmbeddedCassandra node = new EmbeddedCassandra(settings, process, pidFile);
    out.accept(
        "Starting Cassandra 5 (pid "
            + process.pid()
            + ", heap "
            + settings.heap()
            + ", commitlog_sync "
            + settings.commitlogSync()
            + ", timer slack "
            + (withSlack.isEmpty()
                ? "the kernel's"
                : settings.timerSlack().toNanos() / 1000 + " µs")
            + ") in "
            + home);
    try {
      node.awaitReady(console);
    } catch (RuntimeException | InterruptedException e) {
      node.close();
      throw e;
    }
    return node;
  }

  public String contactPoint() {
    return settings.host() + ":" + settings.nativePort();
  }

  public long pid() {
    return process.pid();
  }

  private void awaitReady(Path console) throws InterruptedException {
    Instant deadline = Instant.now().plus(settings.startupTimeout());
    Instant started = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cassandra exited with code "
                + process.exitValue()
                + ":\n"
                + ChildProcesses.tail(console));
      }
      if (ChildProcesses.isListening(settings.host(), settings.nativePort())) {
        log.info(
            "Cassandra answers on {} after {} ms",
            contactPoint(),
            Duration.between(started, Instant.now()).toMillis());
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Cassandra did not open "
            + contactPoint()
            + " within "
            + settings.startupTimeout()
            + ":\n"
            + ChildProcesses.tail(console));
  }

  /** Stops the node: SIGTERM lets Cassandra flush and close cleanly; force after 60 s. */
  @Override
  public void close() {
    ChildProcesses.stop(process, Duration.ofSeconds(60), "Cassandra", pidFile);
  }

  private static String javaExecutable(CassandraSettings.Embedded settings) {
    String javaHome = settings.javaHome();
    if (javaHome.isEmpty()) {
      if (Runtime.version().feature() != 17) {
        throw new IllegalStateException(
            "Cassandra 5 needs Java 17 and this JVM is "
                + Runtime.version()
                + "; set DAIFA_CASSANDRA_JAVA_HOME to a Java 17 home");
      }
      javaHome = System.getProperty("java.home");
    }
    return Path.of(javaHome, "bin", "java").toString();
  }
}
