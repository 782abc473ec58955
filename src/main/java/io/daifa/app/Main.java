package io.daifa.app;

import com.typesafe.config.Config;
import io.daifa.faults.FaultSuite;
import io.daifa.loadtest.LoadTest;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Schema;
import io.daifa.store.Storage;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
      case "serve" -> serve();
      case "schema" -> printSchema();
      case "loadtest" -> System.exit(LoadTest.run(Arrays.copyOfRange(args, 1, args.length), OUT));
      case "faults" -> System.exit(FaultSuite.run(Arrays.copyOfRange(args, 1, args.length), OUT));
      case "help", "--help", "-h" -> usage(OUT);
      default -> {
        System.err.println("unknown command: " + command);
        usage(System.err);
        System.exit(2);
      }
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: ./daifa [serve|schema|loadtest|faults|help]");
    out.println("  serve   start the router (and its embedded Cassandra unless");
    out.println("          DAIFA_CASSANDRA_CONTACT_POINTS names a cluster)");
    out.println("  schema  print the CQL schema for the configured keyspace");
    out.println("  loadtest [--option value]...  measure allocation throughput");
    out.println("          (./daifa loadtest --help lists the options)");
    out.println("  faults [--quick] [--only ...]  kill, pause, flood and abuse a router");
    out.println("          and its Cassandra from outside; prints the fault table");
  }

  private static void printSchema() {
    Config config = DaifaConfig.load(Map.of());
    CassandraSettings settings = CassandraSettings.fromConfig(config.getConfig("daifa"));
    for (String statement : Schema.statements(settings.keyspace(), settings.replication())) {
      OUT.println(statement + ";\n");
    }
  }

  private static void serve() throws Exception {
    Config config = DaifaConfig.load(Map.of());
    CassandraSettings cassandra = CassandraSettings.fromConfig(config.getConfig("daifa"));
    RoleKeys.from(config.getConfig("daifa")); // refuse a production start without keys, early
    say(
        "Daifa starting: profile "
            + config.getString("daifa.profile")
            + ", data in "
            + config.getString("daifa.data-dir"));
    Storage storage = Storage.open(cassandra, Main::say);
    DaifaNode node;
    try {
      node =
          DaifaNode.start(
              DaifaConfig.withContactPoints(config, storage.contactPoints()), Clock.systemUTC());
    } catch (Exception e) {
      storage.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  say("Stopping: router first, then storage");
                  node.close();
                  storage.close();
                  say("Stopped");
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
    if (node.keys().generated()) {
      say(
          "Generated role keys for this run (set DAIFA_ADMIN_KEY and DAIFA_INGEST_KEY to keep keys):");
      say("  admin:  " + node.keys().adminKey());
      say("  ingest: " + node.keys().ingestKey());
    }
    say("Press Ctrl-C to stop.");
    stopped.await();
  }

  private static void say(String line) {
    OUT.println("[daifa] " + line);
  }
}
