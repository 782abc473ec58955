package io.daifa.faults;

import io.daifa.kafka.EmbeddedKafka;
import io.daifa.loadtest.LoadOptions;
import io.daifa.loadtest.OrderGenerator;
import io.daifa.loadtest.Scenario;
import io.daifa.order.Order;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every scenario works with: the router and storage processes (and the Kafka broker, when the
 * suite started one), the client, the audit, the options.
 */
final class FaultContext {

  static final Duration READY_WITHIN = Duration.ofMinutes(3);

  /** SPUs per shop in every scenario; all of them are routed. */
  private static final int SPUS = 10;

  final FaultOptions options;
  final CassandraNode cassandra;
  final RouterProcess router;

  /** The broker the router consumes orders from; null when the suite started none. */
  final EmbeddedKafka kafka;

  final FaultClient client;
  final Audit audit;
  private final PrintStream out;

  FaultContext(
      FaultOptions options, CassandraNode cassandra, RouterProcess router, PrintStream out) {
    this(options, cassandra, router, null, out);
  }

  FaultContext(
      FaultOptions options,
      CassandraNode cassandra,
      RouterProcess router,
      EmbeddedKafka kafka,
      PrintStream out) {
    this.options = options;
    this.cassandra = cassandra;
    this.router = router;
    this.kafka = kafka;
    this.client = new FaultClient(router.baseUrl());
    // Longer than the read side's long back-track (events-by-tag.back-track.long-interval, 120 s):
    // an order whose write straddled a storage outage has its tagged row written late, with its
    // original time, and only the long back-track finds it (seen after a 30 s pause of Cassandra).
    this.audit = new Audit(client, Duration.ofSeconds(150));
    this.out = out;
  }

  void say(String line) {
    out.println("[faults] " + line);
  }

  /** Accounts of a scenario's own, created and bound over HTTP as the load test does. */
  Scenario accounts(int shops, int suppliers, int agencies) throws Exception {
    return Scenario.create(
        router.baseUrl(), RouterProcess.ADMIN_KEY, loadOptions(shops, suppliers, agencies), out);
  }

  /** Orders for the scenario's shops, with IDs unique to {@code runId}. */
  List<Order> orders(Scenario scenario, String runId, int count) {
    OrderGenerator generator =
        new OrderGenerator(
            scenario,
            loadOptions(scenario.shopIds().size(), 1, scenario.agencyIds().size()),
            runId + "-" + options.seed());
    List<Order> orders = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      orders.add(generator.next());
    }
    return orders;
  }

  private LoadOptions loadOptions(int shops, int suppliers, int agencies) {
    return LoadOptions.parse(
        new String[] {
          "--shops", Integer.toString(shops),
          "--suppliers", Integer.toString(suppliers),
          "--agencies", Integer.toString(agencies),
          "--spus", Integer.toString(SPUS),
          "--seed", Long.toString(options.seed())
        });
  }

  /** Streams the orders over {@code connections} NDJSON streams at once; returns when all end. */
  void stream(List<Order> orders, Ledger ledger, int connections) throws InterruptedException {
    for (Thread sender : streamInBackground(orders, ledger, connections)) {
      sender.join();
    }
  }

  List<Thread> streamInBackground(List<Order> orders, Ledger ledger, int connections) {
    List<Thread> senders = new ArrayList<>();
    int size = (orders.size() + connections - 1) / connections;
    for (int from = 0; from < orders.size(); from += size) {
      List<Order> part = orders.subList(from, Math.min(orders.size(), from + size));
      Thread sender =
          new Thread(() -> sendInChunks(part, ledger), "fault-stream-" + senders.size());
      sender.start();
      senders.add(sender);
    }
    return senders;
  }

  /** Long streams are sent in parts of 10,000 orders, so that no body is held whole in memory. */
  private void sendInChunks(List<Order> orders, Ledger ledger) {
    for (int from = 0; from < orders.size() && router.isAlive(); from += 10_000) {
      client.stream(orders.subList(from, Math.min(orders.size(), from + 10_000)), ledger);
    }
  }

  /**
   * Sends whatever is unanswered again, as a client would, until every order has its receipt;
   * returns false if some are still unanswered after {@code within}.
   */
  boolean settle(Ledger ledger, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<Order> unanswered;
    while (!(unanswered = ledger.unanswered()).isEmpty()) {
      if (System.nanoTime() > deadline) {
        say(unanswered.size() + " orders still unanswered after " + within.toSeconds() + " s");
        return false;
      }
      stream(unanswered, ledger, 4);
      if (!ledger.unanswered().isEmpty()) {
        Thread.sleep(500);
      }
    }
    return true;
  }

  /** Stops the router (kill -9 or SIGTERM) and starts it again; returns the time to ready. */
  Duration restartRouter(boolean kill) throws Exception {
    if (kill) {
      router.kill();
    } else {
      router.stop();
    }
    router.start();
    return router.awaitReady(client, READY_WITHIN);
  }

  /**
   * After {@code since} (a {@link System#nanoTime}), how long until the ledger saw an order
   * accepted; empty if none within {@code within}.
   */
  static Duration untilAccepted(Ledger ledger, long since, Duration within)
      throws InterruptedException {
    long deadline = since + within.toNanos();
    while (ledger.lastAcceptedNanos() <= since) {
      if (System.nanoTime() > deadline) {
        return null;
      }
      Thread.sleep(20);
    }
    return Duration.ofNanos(ledger.lastAcceptedNanos() - since);
  }

  static String seconds(Duration d) {
    return d == null ? "never" : "%.1f s".formatted(d.toMillis() / 1000.0);
  }
}
