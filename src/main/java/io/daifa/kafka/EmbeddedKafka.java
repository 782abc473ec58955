package io.daifa.kafka;

import io.daifa.common.ChildProcesses;
import io.daifa.common.LeftoverJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka 4 broker in its own JVM (KRaft: broker and controller in one process),
 * started from the jars the build resolved from Maven Central (src/kafka-broker/pom.xml), with its
 * log directories under the data directory. Its storage is formatted once, on the first start; a
 * later start (after a stop or a kill -9) finds its topics and committed offsets again. A broker
 * left running by a router that was killed is stopped before a new one starts.
 *
 * <p>One broker keeps one copy of each record: an acknowledged record survives the broker's process
 * dying (it is in the page cache) but not the machine losing power. A production deployment uses a
 * replicated cluster through {@code DAIFA_KAFKA_BOOTSTRAP}.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  static final String MAIN_CLASS = "kafka.Kafka";
  private static final String FORMAT_CLASS = "kafka.tools.StorageTool";

  /** How long one check of the partitions' leaders may take while the broker starts. */
  private static final Duration CHECK_WITHIN = Duration.ofSeconds(5);

  private final KafkaSettings.Embedded settings;
  private final Path home;
  private Process process;

  private EmbeddedKafka(KafkaSettings.Embedded settings) {
    this.settings = settings;
    this.home = settings.dataDir();
  }

  /** Starts the broker and returns once it takes connections, or throws with its log's tail. */
  public static EmbeddedKafka start(KafkaSettings.Embedded settings, Consumer<String> out)
      throws IOException, InterruptedException {
    EmbeddedKafka broker = new EmbeddedKafka(settings);
    broker.startProcess(out);
    return broker;
  }

  /** Starts the broker's process again on the same storage (after {@link #kill} or a crash). */
  public void restart(Consumer<String> out) throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is running (pid " + process.pid() + ")");
    }
    startProcess(out);
  }

  private void startProcess(Consumer<String> out) throws IOException, InterruptedException {
    Path conf = home.resolve("conf");
    Path logs = home.resolve("logs");
    Files.createDirectories(conf);
    Files.createDirectories(logs);
    Path pidFile = pidFile();
    leftover().stop(pidFile, out);
    for (int port : new int[] {settings.port(), settings.controllerPort()}) {
      if (ChildProcesses.isListening(settings.host(), port)) {
        throw new IllegalStateException(
            "port "
                + port
                + " is taken by another process; set DAIFA_KAFKA_PORT and"
                + " DAIFA_KAFKA_CONTROLLER_PORT, or stop it");
      }
    }
    Path properties = conf.resolve("server.properties");
    Files.writeString(properties, serverProperties(), StandardCharsets.UTF_8);
    Path log4j = conf.resolve("log4j2.xml");
    Files.writeString(log4j, log4jConfig(logs), StandardCharsets.UTF_8);
    if (!Files.exists(home.resolve("data").resolve("meta.properties"))) {
      format(properties, log4j, logs);
    }
    List<String> command = java(log4j);
    command.add(MAIN_CLASS);
    command.add(properties.toString());
    Path console = logs.resolve("console.log");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
            .start();
    Files.writeString(pidFile, Long.toString(process.pid()));
    out.accept(
        "Starting Kafka (pid "
            + process.pid()
            + ", heap "
            + settings.heap()
            + ") on "
            + settings.bootstrap()
            + ", data in "
            + home);
    try {
      awaitReady(console);
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  /** Formats the broker's storage with a new cluster ID: done once per data directory. */
  private void format(Path properties, Path log4j, Path logs)
      throws IOException, InterruptedException {
    List<String> command = java(log4j);
    command.add(FORMAT_CLASS);
    command.add("format");
    command.add("--cluster-id");
    command.add(Uuid.randomUuid().toString());
    command.add("--config");
    command.add(properties.toString());
    Path output = logs.resolve("format.log");
    Process format =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException(
          "formatting Kafka's storage failed:\n" + ChildProcesses.tail(output));
    }
  }

  private List<String> java(Path log4j) throws IOException {
    List<String> command = new ArrayList<>();
    // In its own session, the broker does not receive the terminal's Ctrl-C: the router stops it
    // after its consumer.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + settings.heap());
    command.add("-Xmx" + settings.heap());
    command.add("-XX:+UseG1GC");
    command.add("-Dlog4j2.configurationFile=" + log4j);
    command.add(marker());
    command.add("-cp");
    command.add(
        ChildProcesses.classpath(settings.classpathFile(), "Kafka", "target/kafka/classpath.txt"));
    return command;
  }

  private String serverProperties() {
    String host = settings.host();
    return String.join(
        "\n",
        "# Written by Daifa at each start of its embedded broker: edits are overwritten.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@" + host + ":" + settings.controllerPort(),
        "listeners=PLAINTEXT://"
            + host
            + ":"
            + settings.port()
            + ",CONTROLLER://"
            + host
            + ":"
            + settings.controllerPort(),
        "advertised.listeners=PLAINTEXT://" + host + ":" + settings.port(),
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + home.resolve("data"),
        "num.partitions=12",
        // One broker: the internal topics can have one copy only.
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        // A consumer group forms at once instead of after 3 s.
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "log.retention.hours=168",
        "");
  }

  private static String log4jConfig(Path logs) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Configuration status="WARN">
          <Appenders>
            <RollingFile name="server" fileName="%1$s/server.log"
                         filePattern="%1$s/server.log.%%i">
              <PatternLayout pattern="[%%d] %%p %%m (%%c)%%n"/>
              <SizeBasedTriggeringPolicy size="50 MB"/>
              <DefaultRolloverStrategy max="3"/>
            </RollingFile>
          </Appenders>
          <Loggers>
            <Root level="INFO"><AppenderRef ref="server"/></Root>
            <Logger name="kafka.request.logger" level="WARN"/>
            <Logger name="org.apache.kafka.controller" level="INFO"/>
          </Loggers>
        </Configuration>
        """
        .formatted(logs);
  }

  private void awaitReady(Path console) throws InterruptedException {
    Instant started = Instant.now();
    Instant deadline = started.plus(settings.startupTimeout());
    Admin admin = null; // one client for every check, made once the port opens
    try {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka exited with code "
                  + process.exitValue()
                  + ":\n"
                  + ChildProcesses.tail(console)
                  + "\n"
                  + ChildProcesses.tail(home.resolve("logs").resolve("server.log")));
        }
        if (admin == null && ChildProcesses.isListening(settings.host(), settings.port())) {
          admin =
              Admin.create(
                  Map.of(
                      AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                      settings.bootstrap(),
                      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                      (int) CHECK_WITHIN.toMillis(),
                      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                      (int) CHECK_WITHIN.toMillis()));
        }
        if (admin != null && everyPartitionLed(admin)) {
          log.info(
              "Kafka answers on {} after {} ms",
              settings.bootstrap(),
              Duration.between(started, Instant.now()).toMillis());
          return;
        }
        Thread.sleep(100);
      }
    } finally {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    }
    throw new IllegalStateException(
        "Kafka did not open "
            + settings.bootstrap()
            + " within "
            + settings.startupTimeout()
            + ":\n"
            + ChildProcesses.tail(home.resolve("logs").resolve("server.log")));
  }

  /**
   * Whether every partition the broker holds (the offsets topic included) has a leader again. A
   * broker restarted on its storage takes connections before it leads its partitions; a producer
   * sending then is answered NOT_LEADER_OR_FOLLOWER, and an idempotent one can go on to retry
   * OUT_OF_ORDER_SEQUENCE_NUMBER for minutes.
   */
  private static boolean everyPartitionLed(Admin admin) throws InterruptedException {
    long wait = CHECK_WITHIN.toMillis();
    try {
      Set<String> topics =
          admin
              .listTopics(new ListTopicsOptions().listInternal(true))
              .names()
              .get(wait, TimeUnit.MILLISECONDS);
      for (TopicDescription topic :
          admin.describeTopics(topics).allTopicNames().get(wait, TimeUnit.MILLISECONDS).values()) {
        for (TopicPartitionInfo partition : topic.partitions()) {
          if (partition.leader() == null || partition.leader().isEmpty()) {
            return false;
          }
        }
      }
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  public String bootstrap() {
    return settings.bootstrap();
  }

  public long pid() {
    return process.pid();
  }

  /** Kills the broker's process at once (SIGKILL), as a crash would: for fault tests. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the broker: SIGTERM lets it close its logs cleanly; force after 30 s. */
  @Override
  public void close() {
    ChildProcesses.stop(process, Duration.ofSeconds(30), "Kafka", pidFile());
  }

  private Path pidFile() {
    return home.resolve("kafka.pid");
  }

  /** The argument that tells our broker on this data directory from any other JVM. */
  private String marker() {
    return "-Ddaifa.kafka.home=" + home;
  }

  private LeftoverJvm leftover() {
    return new LeftoverJvm("Kafka", MAIN_CLASS, marker());
  }
}
