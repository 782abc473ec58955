package io.daifa.loadtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.daifa.app.DaifaConfig;
import io.daifa.app.DaifaNode;
import io.daifa.common.FreePorts;
import io.daifa.kafka.EmbeddedKafka;
import io.daifa.kafka.KafkaIngest;
import io.daifa.kafka.KafkaSettings;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code ./daifa loadtest}: starts a router with its own embedded Cassandra (or drives the one at
 * {@code --url}), sets up the scenario, runs the schedule, optionally measures the storage ceiling
 * on the same Cassandra, and writes the report. The exit code is non-zero if any order was lost or
 * answered with an unexpected error.
 */
public final class LoadTest {

  /** The ceiling is measured for at most this long: its rate settles within seconds. */
  private static final Duration MAX_CEILING = Duration.ofSeconds(30);

  /** The read side must have caught up (lag under 5 s) this long after the hold. */
  private static final Duration LAG_CHECKED_AFTER = Duration.ofSeconds(10);

  /** A JVM whose JIT compilers take more of its CPU than this is still warming up. */
  private static final double WARMING_UP = 0.10;

  private LoadTest() {}

  public static int run(String[] args, PrintStream out) throws Exception {
    if (java.util.List.of(args).contains("--help") || java.util.List.of(args).contains("-h")) {
      out.print(LoadOptions.USAGE);
      return 0;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("[loadtest] " + e.getMessage());
      out.print(LoadOptions.USAGE);
      return 2;
    }
    boolean external = !options.url().isEmpty();
    boolean kafka = options.mode() == LoadOptions.Mode.KAFKA;
    if (external && (options.mode() == LoadOptions.Mode.IN_PROCESS || kafka || options.ceiling())) {
      out.println(
          "[loadtest] --url drives a router over HTTP: use --mode http or stream, no --ceiling");
      return 2;
    }
    String runId = Long.toString(System.currentTimeMillis(), 36);
    Instant started = Instant.now();
    Path dataDir = options.reportDir().resolve("data-" + runId);
    Storage storage = null;
    DaifaNode node = null;
    EmbeddedKafka broker = null;
    ActorSystem<Void> client = null;
    RunMeasurements measured = null;
    Thread stopStorageOnExit = null;
    try {
      List<String> baseUrls;
      String adminKey;
      String ingestKey;
      CassandraSettings cassandra = null;
      if (external) {
        baseUrls =
            java.util.Arrays.stream(options.url().split(","))
                .map(url -> url.strip().replaceAll("/+$", ""))
                .filter(url -> !url.isEmpty())
                .toList();
        adminKey = requiredEnv("DAIFA_ADMIN_KEY");
        ingestKey = requiredEnv("DAIFA_INGEST_KEY");
      } else {
        Config config = DaifaConfig.load(ownRouter(dataDir));
        cassandra = CassandraSettings.fromConfig(config.getConfig("daifa"));
        out.println("[loadtest] starting Cassandra and a router (data in " + dataDir + ")");
        storage = Storage.open(cassandra, line -> out.println("[loadtest] " + line));
        Storage opened = storage;
        stopStorageOnExit = new Thread(opened::close, "loadtest-stop-cassandra");
        // Ctrl-C skips the finally below: the embedded Cassandra must not outlive the test.
        Runtime.getRuntime().addShutdownHook(stopStorageOnExit);
        Config nodeConfig = DaifaConfig.forStorage(config, storage);
        if (kafka) {
          broker =
              EmbeddedKafka.start(
                  KafkaSettings.fromConfig(config.getConfig("daifa")).embedded(),
                  line -> out.println("[loadtest] " + line));
          EmbeddedKafka startedBroker = broker;
          Runtime.getRuntime().removeShutdownHook(stopStorageOnExit);
          stopStorageOnExit =
              new Thread(
                  () -> {
                    startedBroker.close();
                    opened.close();
                  },
                  "loadtest-stop-storage");
          Runtime.getRuntime().addShutdownHook(stopStorageOnExit);
          nodeConfig = DaifaConfig.withKafkaBootstrap(nodeConfig, broker.bootstrap());
        }
        node = DaifaNode.start(nodeConfig, Clock.systemUTC());
        baseUrls = List.of("http://127.0.0.1:" + node.httpAddress().getPort());
        adminKey = node.keys().adminKey();
        ingestKey = node.keys().ingestKey();
      }
      Scenario scenario = Scenario.create(baseUrls.get(0), adminKey, options, out);
      OrderSink sink;
      Double streamHoldRate = null;
      if (options.mode() == LoadOptions.Mode.IN_PROCESS) {
        sink = new InProcessSink(node.entities());
      } else if (kafka) {
        client = ActorSystem.create(Behaviors.empty(), "loadgen", clientConfig(options));
        out.println("[loadtest] first the same schedule over NDJSON streams, for Kafka / stream");
        LatencyTimeline streamTimeline = new LatencyTimeline();
        try (OrderSink stream =
            new HttpStreamSink(
                client, baseUrls, ingestKey, options.connections(), options.maxInFlight())) {
          new LoadRun(
                  stream,
                  new OrderGenerator(scenario, options, runId + "s"),
                  new RateSchedule(options.peakRate(), options.ramp(), options.hold()),
                  options.maxInFlight(),
                  streamTimeline,
                  LoadRun.Observer.NONE,
                  out)
              .run();
        }
        streamHoldRate = streamTimeline.holdRate();
        out.printf(
            "[loadtest] NDJSON streams: %,.0f stored orders/s over the hold%n", streamHoldRate);
        KafkaSettings topics =
            KafkaSettings.fromConfig(node.system().settings().config().getConfig("daifa"));
        sink = new KafkaSink(topics.bootstrap(), topics.ordersTopic(), topics.resultsTopic());
      } else {
        client = ActorSystem.create(Behaviors.empty(), "loadgen", clientConfig(options));
        sink =
            options.mode() == LoadOptions.Mode.HTTP
                ? new HttpSingleSink(client, baseUrls, ingestKey)
                : new HttpStreamSink(
                    client, baseUrls, ingestKey, options.connections(), options.maxInFlight());
      }
      out.printf(
          "[loadtest] %s: ramp to %s orders/s over %ss, hold %ss, at most %,d in flight%n",
          options.mode(),
          options.peakRate() == 0 ? "as many" : "%,d".formatted(options.peakRate()),
          options.ramp().toSeconds(),
          options.hold().toSeconds(),
          options.maxInFlight());
      LatencyTimeline timeline = new LatencyTimeline();
      LoadRun.Totals totals;
      measured =
          external
              ? null
              : new RunMeasurements(
                  node.system(),
                  storage,
                  broker == null
                      ? java.util.OptionalLong.empty()
                      : java.util.OptionalLong.of(broker.pid()),
                  cassandra.localDatacenter(),
                  cassandra.keyspace());
      try (sink) {
        totals =
            new LoadRun(
                    sink,
                    new OrderGenerator(scenario, options, runId),
                    new RateSchedule(options.peakRate(), options.ramp(), options.hold()),
                    options.maxInFlight(),
                    timeline,
                    observer(measured, node),
                    out)
                .run();
      }
      CostMeter.PerOrder cost = measured == null ? null : measured.costPerOrder();
      Double lagAfterHold = measured == null ? null : measured.lagAfterHold(LAG_CHECKED_AFTER);
      if (lagAfterHold != null) {
        out.printf(
            "[loadtest] read-side lag %ss after the hold: %.1f s%n",
            LAG_CHECKED_AFTER.toSeconds(), lagAfterHold);
      }
      Double ceilingRate = null;
      if (options.ceiling()) {
        Duration length = options.hold().compareTo(MAX_CEILING) < 0 ? options.hold() : MAX_CEILING;
        out.printf("[loadtest] measuring the storage ceiling for %ss%n", length.toSeconds());
        try (CqlSession session = storage.session(cassandra.localDatacenter())) {
          StorageCeiling.Result ceiling =
              new StorageCeiling(session, cassandra.keyspace(), cassandra.replication(), out)
                  .measure(new OrderGenerator(scenario, options, runId + "c"), length);
          out.printf(
              "[loadtest] ceiling: %,d orders (%,d rows, %,d order bytes) in %.1f s%n",
              ceiling.orders(), ceiling.rows(), ceiling.bytes(), ceiling.seconds());
          ceilingRate = ceiling.ordersPerSecond();
        }
      }
      LoadSummary summary =
          new LoadSummary(
              options.mode().name().toLowerCase().replace('_', '-'),
              started.toString(),
              machine(),
              described(options),
              totals.sent(),
              totals.stored(),
              totals.errors(),
              totals.retries(),
              totals.lost(),
              totals.behindSchedule(),
              totals.seconds(),
              timeline.holdRate(),
              LoadSummary.percentiles(timeline.holdHistogram()),
              ceilingRate,
              ceilingRate == null ? null : timeline.holdRate() / ceilingRate,
              streamHoldRate,
              lagAfterHold,
              cost,
              timeline.samples(),
              LoadSummary.buckets(timeline.wholeHistogram()));
      LoadReport.printTable(summary, out);
      if (summary.behindSchedule() > 0) {
        out.printf(
            "[loadtest] the router did not keep --rate %,d: %,d orders due over a second before"
                + " the end were not yet sent, and latency (from when each order was due) includes"
                + " their wait; for the rate it can keep, run with --rate 0%n",
            options.peakRate(), summary.behindSchedule());
      }
      if (cost != null && Math.max(cost.routerJitShare(), cost.cassandraJitShare()) > WARMING_UP) {
        out.printf(
            "[loadtest] the JIT compilers took %.0f %% of the router's CPU and %.0f %% of"
                + " Cassandra's over the hold: the JVMs were still warming up, and the figures"
                + " above include it; a longer --ramp measures the steady state%n",
            100 * cost.routerJitShare(), 100 * cost.cassandraJitShare());
      }
      LoadReport.write(summary, options.reportDir());
      out.println(
          "[loadtest] report: "
              + options.reportDir().resolve("report.html")
              + " and report.json beside it");
      return summary.failed() ? 1 : 0;
    } finally {
      if (measured != null) {
        measured.close();
      }
      if (client != null) {
        client.terminate();
      }
      if (node != null) {
        node.close();
      }
      if (broker != null) {
        broker.close();
      }
      if (storage != null) {
        Runtime.getRuntime().removeShutdownHook(stopStorageOnExit);
        storage.close();
        deleteTree(dataDir);
      }
    }
  }

  /**
   * A router of its own: free ports (a {@code ./daifa serve} may be running), its own data
   * directory, and the local profile so that its keys are generated.
   */
  /**
   * What the run reports to: the measurements of a router of its own, with the lag of its Kafka
   * consumer when it has one.
   */
  private static LoadRun.Observer observer(RunMeasurements measured, DaifaNode node) {
    LoadRun.Observer base = measured == null ? LoadRun.Observer.NONE : measured;
    if (node == null || node.kafkaIngest().isEmpty()) {
      return base;
    }
    KafkaIngest ingest = node.kafkaIngest().get();
    return new LoadRun.Observer() {
      @Override
      public void entered(String phase, long storedSoFar) {
        base.entered(phase, storedSoFar);
      }

      @Override
      public void stored(String orderId, long atMillis) {
        base.stored(orderId, atMillis);
      }

      @Override
      public Duration readLag(long newestStoredMillis) {
        return base.readLag(newestStoredMillis);
      }

      @Override
      public long consumerLag() {
        return ingest.lag();
      }
    };
  }

  private static Map<String, Object> ownRouter(Path dataDir) throws IOException {
    Map<String, Object> overrides = new LinkedHashMap<>();
    overrides.put("daifa.profile", "local");
    // The progress lines are the output; the router reports only what goes wrong.
    overrides.put("pekko.loglevel", "WARNING");
    overrides.put("daifa.data-dir", dataDir.toAbsolutePath().toString());
    overrides.put("daifa.http.host", "127.0.0.1");
    overrides.put("daifa.http.port", 0);
    overrides.put("daifa.http.admin-key", "");
    overrides.put("daifa.http.ingest-key", "");
    overrides.put("daifa.cassandra.contact-points", "");
    overrides.put("daifa.cassandra.embedded.native-port", FreePorts.next());
    overrides.put("daifa.cassandra.embedded.storage-port", FreePorts.next());
    overrides.put("daifa.kafka.embedded.port", FreePorts.next());
    overrides.put("daifa.kafka.embedded.controller-port", FreePorts.next());
    // Bound by the router itself: a free port picked here could be taken while Cassandra starts
    // ("Address already in use" ended a run on 2026-12-01). The single node joins its own address.
    overrides.put("pekko.remote.artery.canonical.port", 0);
    // A settlement falling due at start would run during the measurement.
    overrides.put("daifa.settlement.day-of-month", 0);
    // Requests and bytes per order come from the driver's own counters.
    overrides.put(
        "datastax-java-driver.advanced.metrics.session.enabled",
        java.util.List.of("cql-requests", "bytes-sent"));
    return overrides;
  }

  /** The load generator's own HTTP client: a pool of {@code --connections}. */
  private static Config clientConfig(LoadOptions options) {
    int openRequests = Integer.highestOneBit(Math.max(32, options.maxInFlight()) * 2);
    return ConfigFactory.parseMap(
            Map.of(
                "pekko.actor.provider", "local",
                "pekko.loglevel", "WARNING",
                "pekko.http.host-connection-pool.max-connections", options.connections(),
                "pekko.http.host-connection-pool.max-open-requests", openRequests,
                "pekko.http.client.idle-timeout", "infinite",
                "pekko.http.host-connection-pool.idle-timeout", "infinite"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--url needs " + name + " in the environment");
    }
    return value;
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return "%d cores, %d MiB heap, %s %s, Java %s"
        .formatted(
            runtime.availableProcessors(),
            runtime.maxMemory() / (1024 * 1024),
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            System.getProperty("java.version"));
  }

  private static Map<String, Object> described(LoadOptions o) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("url", o.url().isEmpty() ? "(own router)" : o.url());
    d.put("shops", o.shops());
    d.put("suppliers", o.suppliers());
    d.put("agencies", o.agencies());
    d.put("spusPerShop", o.spusPerShop());
    d.put("zipf", o.zipfExponent());
    d.put("hotShare", o.hotShare());
    d.put("lines", o.linesDistribution().stream().map(p -> p[0] + ":" + p[1]).toList());
    d.put("peakRate", o.peakRate());
    d.put("rampSeconds", o.ramp().toSeconds());
    d.put("holdSeconds", o.hold().toSeconds());
    d.put("connections", o.connections());
    d.put("maxInFlight", o.maxInFlight());
    d.put("seed", o.seed());
    return d;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(LoadTest::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
