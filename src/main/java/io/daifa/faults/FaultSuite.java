package io.daifa.faults;

import io.daifa.common.FreePorts;
import io.daifa.kafka.EmbeddedKafka;
import io.daifa.kafka.KafkaSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./daifa faults}: starts a Cassandra node of its own and the router as a separate process
 * on it, runs the chosen fault scenarios against them over HTTP, and prints the fault table (also
 * written to {@code faults.md} in the report directory). Returns non-zero if any check failed.
 */
public final class FaultSuite {

  private static final List<Fault> FAULTS =
      List.of(
          new KillRouterFault(),
          new StorageFault(),
          new KafkaFault(),
          new FloodFault(),
          new SlowClientFault(),
          new AbuseFault(),
          new BigShopFault());

  private FaultSuite() {}

  public static int run(String[] args, PrintStream out) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.print(FaultOptions.USAGE);
      return 0;
    }
    FaultOptions options;
    try {
      options = FaultOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("[faults] " + e.getMessage());
      out.print(FaultOptions.USAGE);
      return 2;
    }
    Path dataDir =
        options.reportDir().toAbsolutePath().resolve("data-" + System.currentTimeMillis());
    Files.createDirectories(dataDir);
    out.println("[faults] seed " + options.seed() + ", data and router logs in " + dataDir);
    List<FaultRow> rows = new ArrayList<>();
    CassandraNode cassandra =
        new CassandraNode(
            dataDir.resolve("cassandra"),
            FreePorts.next(),
            FreePorts.next(),
            line -> out.println("[faults] " + line));
    RouterProcess router = null;
    EmbeddedKafka kafka = null;
    Thread cleanup = null;
    try {
      cassandra.start();
      if (options.runs("kafka")) {
        kafka =
            EmbeddedKafka.start(
                new KafkaSettings.Embedded(
                    dataDir.resolve("kafka"),
                    "127.0.0.1",
                    FreePorts.next(),
                    FreePorts.next(),
                    "512m",
                    Duration.ofSeconds(90),
                    System.getProperty("daifa.kafka.embedded.classpath-file", "")),
                line -> out.println("[faults] " + line));
      }
      router =
          new RouterProcess(
              dataDir,
              cassandra.contactPoint(),
              FreePorts.next(),
              FreePorts.next(),
              "2g",
              options.shopMaxRate());
      if (kafka != null) {
        router.consuming(kafka.bootstrap());
      }
      RouterProcess started = router;
      EmbeddedKafka startedKafka = kafka;
      // Ctrl-C skips the finally below: neither process may outlive the suite.
      cleanup =
          new Thread(
              () -> {
                try {
                  started.kill();
                } catch (InterruptedException ignored) {
                  // exiting anyway
                }
                if (startedKafka != null) {
                  startedKafka.close();
                }
                cassandra.close();
              },
              "faults-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      router.start();
      FaultContext context = new FaultContext(options, cassandra, router, kafka, out);
      context.say(
          "router ready in "
              + FaultContext.seconds(router.awaitReady(context.client, FaultContext.READY_WITHIN)));
      for (Fault fault : FAULTS) {
        if (options.runs(fault.name())) {
          List<FaultRow> result = fault.run(context);
          rows.addAll(result);
          out.print(FaultTable.render(result));
        }
      }
    } finally {
      if (router != null) {
        router.stop();
      }
      if (kafka != null) {
        kafka.close();
      }
      cassandra.close();
      if (cleanup != null) {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
    String table = FaultTable.render(rows);
    out.println();
    out.print(table);
    Path report = options.reportDir().resolve("faults.md");
    Files.writeString(
        report,
        "Fault suite, "
            + Instant.now()
            + ", seed "
            + options.seed()
            + (options.quick() ? ", --quick" : "")
            + "\n\n"
            + table);
    out.println("[faults] table written to " + report);
    return rows.stream().allMatch(FaultRow::passed) ? 0 : 1;
  }
}
