package io.daifa.app;

import com.typesafe.config.Config;
import io.daifa.faults.FaultSuite;
import io.daifa.faults.LocalCluster;
import io.daifa.kafka.EmbeddedKafka;
import io.daifa.kafka.KafkaSettings;
import io.daifa.loadtest.LoadTest;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Schema;
import io.daifa.store.Storage;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The command line: {@code serve} runs the router, {@code schema} prints the CQL schema, {@code
 * loadtest} measures throughput, {@code faults} runs the fault suite against a router process.
 */
public final class Main {

  private static final PrintStream OUT = System.out;

  private Main() {}

  public static void main(String[] args) throws Exception {
    CommonPool.ensureParallelism();
    String command = args.length == 0 ? "serve" : args[0];
    switch (command) {
      case "serve" -> serve(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
      case "schema" -> printSchema();
      case "loadtest" ->
          QueuedLog.exit(LoadTest.run(Arrays.copyOfRange(args, 1, args.length), OUT));
      case "faults" ->
          QueuedLog.exit(FaultSuite.run(Arrays.copyOfRange(args, 1, args.length), OUT));
      case "cluster" ->
          QueuedLog.exit(LocalCluster.run(Arrays.copyOfRange(args, 1, args.length), OUT));
      case "help", "--help", "-h" -> usage(OUT);
      default -> {
        System.err.println("unknown command: " + command);
        usage(System.err);
        QueuedLog.exit(2);
      }
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: ./daifa [serve|schema|loadtest|faults|cluster|help]");
    out.println("  serve   start the router (and its embedded Cassandra unless");
    out.println("          DAIFA_CASSANDRA_CONTACT_POINTS names a cluster)");
    out.print(ServeOptions.USAGE);
    out.println("  schema  print the CQL schema for the configured keyspace");
    out.println("  loadtest [--option value]...  measure allocation throughput");
    out.println("          (./daifa loadtest --help lists the options)");
    out.println("  faults [--quick] [--only ...]  kill, pause, flood and abuse a router");
    out.println("          and its Cassandra from outside; prints the fault table");
    out.println("  cluster [--routers N]  one Cassandra and N routers (default 3) joined");
    out.println("          as one cluster on this machine, HTTP on 8080, 8081, ...");
  }

  private static void printSchema() {
    Config config = DaifaConfig.load(Map.of());
    CassandraSettings settings = CassandraSettings.fromConfig(config.getConfig("daifa"));
    for (String statement : Schema.statements(settings)) {
      OUT.println(statement + ";\n");
    }
  }

  private static void serve(String[] args) throws Exception {
    Config config;
    try {
      config = serveConfig(ServeOptions.parse(args));
    } catch (IllegalArgumentException e) {
      System.err.println("[daifa] " + e.getMessage());
      usage(System.err);
      QueuedLog.exit(2);
      return;
    }
    CassandraSettings cassandra = CassandraSettings.fromConfig(config.getConfig("daifa"));
    RoleKeys.from(config.getConfig("daifa")); // refuse a production start without keys, early
    say(
        "Daifa starting: profile "
            + config.getString("daifa.profile")
            + ", data in "
            + config.getString("daifa.data-dir"));
    KafkaSettings kafka = KafkaSettings.fromConfig(config.getConfig("daifa"));
    Storage storage;
    try {
      storage = Storage.open(cassandra, Main::say);
    } catch (Schema.OutdatedSchema e) {
      // The data is of another shape or layout: a fact to act on, not a fault to debug.
      System.err.println("[daifa] " + e.getMessage());
      QueuedLog.exit(2);
      return;
    }
    EmbeddedKafka broker = null;
    DaifaNode node;
    try {
      Config nodeConfig = DaifaConfig.forStorage(config, storage);
      if (kafka.mode() == KafkaSettings.Mode.EMBEDDED) {
        broker = EmbeddedKafka.start(kafka.embedded(), Main::say);
        nodeConfig = DaifaConfig.withKafkaBootstrap(nodeConfig, broker.bootstrap());
      }
      node = DaifaNode.start(nodeConfig, Clock.systemUTC());
    } catch (Exception e) {
      if (broker != null) {
        broker.close();
      }
      storage.close();
      throw e;
    }
    EmbeddedKafka startedBroker = broker;
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  say("Stopping: router first (leaving its cluster), then storage");
                  node.close();
                  if (startedBroker != null) {
                    startedBroker.close();
                  }
                  storage.close();
                  say("Stopped");
                  QueuedLog.flush();
                  stopped.countDown();
                },
                "daifa-shutdown"));
    say(
        "Router ready: cluster node "
            + node.system().address()
            + ", Cassandra at "
            + String.join(",", storage.contactPoints())
            + (storage.isEmbedded() ? " (embedded)" : "")
            + ", keyspace "
            + cassandra.keyspace());
    say(
        "HTTP API on http://"
            + node.httpAddress().getHostString()
            + ":"
            + node.httpAddress().getPort()
            + " (GET /openapi.yaml describes it; GET /ready answers 200 once orders can be taken)");
    node.kafkaIngest()
        .ifPresent(
            ingest ->
                say(
                    "Kafka ingest: orders from topic "
                        + kafka.ordersTopic()
                        + ", results to "
                        + kafka.resultsTopic()
                        + ", at "
                        + (startedBroker != null
                            ? startedBroker.bootstrap() + " (embedded)"
                            : kafka.bootstrap())));
    if (node.keys().generated()) {
      say(
          "Generated role keys for this run (set DAIFA_ADMIN_KEY and DAIFA_INGEST_KEY to keep keys):");
      say("  admin:  " + node.keys().adminKey());
      say("  ingest: " + node.keys().ingestKey());
    }
    exitWhenRemovedFromCluster(node, stopping);
    say("Press Ctrl-C to stop.");
    stopped.await();
  }

  /**
   * The actor system stops by itself only when the cluster removed this node (the split-brain
   * resolver downed it): the node then exits with status 1, for its supervisor to start it again,
   * instead of staying alive with its HTTP API unbound and, if it started one, its Cassandra up.
   */
  private static void exitWhenRemovedFromCluster(DaifaNode node, AtomicBoolean stopping) {
    node.system()
        .getWhenTerminated()
        .thenRun(
            () -> {
              if (!stopping.get()) {
                say("This node was removed from its cluster; exiting with status 1");
                // Not from the actor system's own thread: exit runs the shutdown hook, which waits.
                new Thread(() -> System.exit(1), "daifa-exit").start();
              }
            });
  }

  /**
   * The configuration of {@code serve}: a node that joins a cluster uses the cluster's Cassandra,
   * named by the operator, and starts none of its own.
   */
  static Config serveConfig(ServeOptions options) {
    Map<String, Object> overrides = new java.util.HashMap<>(options.overrides());
    if (!options.join().isEmpty()) {
      List<String> seeds = new ArrayList<>(options.join());
      String configured = DaifaConfig.load(Map.of()).getString("daifa.cluster.seed-nodes");
      if (!configured.isBlank()) {
        seeds.add(configured);
      }
      overrides.put("daifa.cluster.seed-nodes", String.join(",", seeds));
    }
    Config config = DaifaConfig.load(overrides);
    boolean external = !config.getString("daifa.cassandra.contact-points").isBlank();
    if (!options.join().isEmpty() && !external) {
      throw new IllegalArgumentException(
          "--join: a node joining a cluster uses the cluster's Cassandra; set"
              + " DAIFA_CASSANDRA_CONTACT_POINTS (e.g. 127.0.0.1:9042)");
    }
    if (config.getString("daifa.profile").equals("production") && !external) {
      throw new IllegalArgumentException(
          "the production profile starts no Cassandra of its own; set"
              + " DAIFA_CASSANDRA_CONTACT_POINTS to the cluster's nodes");
    }
    KafkaSettings.fromConfig(config.getConfig("daifa")); // refuses contradictory Kafka settings
    return config;
  }

  private static void say(String line) {
    OUT.println("[daifa] " + line);
  }
}
