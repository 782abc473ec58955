package io.daifa.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The router as an operator runs it: {@code io.daifa.app.Main serve} in its own JVM, on the suite's
 * Cassandra, with fixed keys and ports so that it can be killed and started again on the same data.
 * Each start logs to its own file in the data directory.
 */
final class RouterProcess implements AutoCloseable {

  static final String ADMIN_KEY = "adm_fault_suite_admin_key_00000001";
  static final String INGEST_KEY = "ing_fault_suite_ingest_key_0000001";

  /** The topics a router consuming from Kafka uses (the defaults). */
  static final String ORDERS_TOPIC = "daifa.orders";

  static final String RESULTS_TOPIC = "daifa.order-results";

  private final Path dataDir;
  private final String contactPoint;
  private final int httpPort;
  private final int remotePort;
  private final String heap;
  private final double shopMaxRate;
  private Process process;
  private int starts;
  private Map<String, String> clusterEnv = Map.of();
  private List<String> jvmOptions = List.of();
  private String name = "router";
  private String kafkaBootstrap = "";

  RouterProcess(
      Path dataDir,
      String contactPoint,
      int httpPort,
      int remotePort,
      String heap,
      double shopMaxRate) {
    this.dataDir = dataDir;
    this.contactPoint = contactPoint;
    this.httpPort = httpPort;
    this.remotePort = remotePort;
    this.heap = heap;
    this.shopMaxRate = shopMaxRate;
  }

  /**
   * Makes this router one node of a cluster: {@code clusterEnv} says how it finds the others
   * ({@code DAIFA_SEED_NODES}, or {@code DAIFA_CLUSTER_BOOTSTRAP} and its settings), {@code
   * jvmOptions} go to its JVM, and its logs are named {@code name-N.log}.
   */
  RouterProcess inCluster(String name, Map<String, String> clusterEnv, List<String> jvmOptions) {
    this.name = name;
    this.clusterEnv = Map.copyOf(clusterEnv);
    this.jvmOptions = List.copyOf(jvmOptions);
    return this;
  }

  /** Makes this router consume orders from the Kafka broker at {@code bootstrap}. */
  RouterProcess consuming(String bootstrap) {
    this.kafkaBootstrap = bootstrap;
    return this;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  int remotePort() {
    return remotePort;
  }

  int httpPort() {
    return httpPort;
  }

  /** The running JVM's pid (for signals). */
  long pid() {
    return process.pid();
  }

  /** Waits for the JVM to end by itself; its exit status, or empty if it is still running. */
  java.util.OptionalInt awaitExit(Duration within) throws InterruptedException {
    return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)
        ? java.util.OptionalInt.of(process.exitValue())
        : java.util.OptionalInt.empty();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Starts a new router JVM; see {@link #awaitReady}. */
  void start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + heap);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.daifa.app.Main");
    command.add("serve");
    Path log = dataDir.resolve(name + "-" + ++starts + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("DAIFA_DATA_DIR", dataDir.toString());
    env.put("DAIFA_HTTP_PORT", Integer.toString(httpPort));
    env.put("DAIFA_REMOTE_PORT", Integer.toString(remotePort));
    env.put("DAIFA_CASSANDRA_CONTACT_POINTS", contactPoint);
    env.put("DAIFA_ADMIN_KEY", ADMIN_KEY);
    env.put("DAIFA_INGEST_KEY", INGEST_KEY);
    env.put("DAIFA_INGEST_SHOP_MAX_RATE", Double.toString(shopMaxRate));
    if (!kafkaBootstrap.isEmpty()) {
      env.put("DAIFA_KAFKA_BOOTSTRAP", kafkaBootstrap);
    }
    env.putAll(clusterEnv);
    process = builder.start();
  }

  /** Waits until {@code /ready} answers 200; returns how long that took. */
  Duration awaitReady(FaultClient client, Duration within) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the router exited with " + process.exitValue() + "; see " + lastLog());
      }
      if (client.get("/ready", null).status() == 200) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the router was not ready within " + within);
  }

  /** kill -9: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, the way an operator stops it: its shutdown hook runs. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  Path lastLog() {
    return dataDir.resolve(name + "-" + starts + ".log");
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
