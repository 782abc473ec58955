package io.daifa.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.FreePorts;
import io.daifa.loadtest.Scenario;
import io.daifa.order.Order;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three router processes on one Cassandra, formed into one cluster by Cluster Bootstrap, as
 * operators run them: orders streamed through all three HTTP ports; one router killed with kill -9
 * mid-stream, its shards taken over by the other two before it comes back; then a rolling restart
 * (SIGTERM, start, ready) of all three while orders keep coming; last, a router paused until the
 * others downed it must exit with status 1 when it runs again. Every acknowledged order must be
 * found exactly once, no receipt may change, and no answer may be a 5xx other than 503.
 */
class ClusterIT {

  private static final int ROUTERS = 3;
  private static final int ORDERS_PER_PHASE = 4_500;

  @Test
  void threeRoutersFormOneClusterSurviveAKillAndARollingRestartLosingNothing() throws Exception {
    Path dataDir =
        Path.of(System.getProperty("daifa.it.work-dir", "target/it"))
            .toAbsolutePath()
            .resolve("cluster-" + System.currentTimeMillis());
    Files.createDirectories(dataDir);
    FaultOptions options = FaultOptions.parse(new String[] {"--seed", "11"});
    try (CassandraNode cassandra =
        new CassandraNode(
            dataDir.resolve("cassandra"),
            FreePorts.next(),
            FreePorts.next(),
            System.out::println)) {
      cassandra.start();
      List<RouterProcess> routers = routers(dataDir, cassandra.contactPoint());
      try {
        for (RouterProcess router : routers) {
          router.start();
        }
        for (RouterProcess router : routers) {
          router.awaitReady(client(router), FaultContext.READY_WITHIN);
        }
        awaitMembers(routers, ROUTERS);
        FaultContext ctx = new FaultContext(options, cassandra, routers.get(0), System.out);
        Scenario scenario = ctx.accounts(12, 3, 3);

        Ledger killed = killPhase(ctx, scenario, routers);
        Ledger rolling = rollingPhase(ctx, scenario, routers);
        downedRouterExits(ctx, routers);

        Audit.Result audit = ctx.audit.of(scenario, 400, killed, rolling);
        ctx.say("cluster audit: " + audit);
        assertEquals(0, audit.lost(), "acknowledged orders lost: " + audit.lostIds());
        assertEquals(0, audit.duplicated(), "orders listed twice by a supplier");
        assertEquals(0, audit.gmvDifference(), "agency GMV differs from the orders (fen)");
      } finally {
        for (RouterProcess router : routers) {
          router.kill();
        }
      }
    }
  }

  /** Streams through all three routers, kills one, and settles through the other two. */
  private Ledger killPhase(FaultContext ctx, Scenario scenario, List<RouterProcess> routers)
      throws Exception {
    List<Order> orders = ctx.orders(scenario, "cluster-kill", ORDERS_PER_PHASE);
    Ledger ledger = new Ledger();
    List<Thread> streams = new ArrayList<>();
    int part = orders.size() / ROUTERS;
    for (int i = 0; i < ROUTERS; i++) {
      streams.add(streamInChunks(routers.get(i), orders.subList(i * part, (i + 1) * part), ledger));
    }
    awaitAcknowledged(ledger, orders.size() / 4);
    RouterProcess victim = routers.get(ROUTERS - 1);
    ctx.say("kill -9 of " + victim.baseUrl() + " at " + ledger.acknowledged() + " acknowledged");
    victim.kill();
    for (Thread stream : streams) {
      stream.join();
    }
    // The killed router's shops are served by the other two once the split-brain resolver has
    // removed it; a client sends what it has no receipt for again, through the first router.
    assertTrue(ctx.settle(ledger, Duration.ofMinutes(3)), "every order answered without router 3");
    assertNoErrors(ledger);
    awaitMembers(routers.subList(0, ROUTERS - 1), ROUTERS - 1);
    victim.start();
    victim.awaitReady(client(victim), FaultContext.READY_WITHIN);
    awaitMembers(routers, ROUTERS);
    return ledger;
  }

  /** Restarts the routers one after the other (SIGTERM) while orders are streamed to all. */
  private Ledger rollingPhase(FaultContext ctx, Scenario scenario, List<RouterProcess> routers)
      throws Exception {
    List<Order> orders = ctx.orders(scenario, "cluster-rolling", ORDERS_PER_PHASE);
    Ledger ledger = new Ledger();
    AtomicBoolean rolling = new AtomicBoolean(true);
    // The sender goes round the orders until the roll is over: an order answered before is sent
    // again through another router, and must be answered with the same receipt.
    Thread sender =
        new Thread(
            () -> {
              for (int chunk = 0; rolling.get(); chunk++) {
                int from = (chunk * 100) % orders.size();
                RouterProcess router = routers.get(chunk % ROUTERS);
                client(router).stream(
                    orders.subList(from, Math.min(orders.size(), from + 100)), ledger);
                pause(Duration.ofMillis(100));
              }
            },
            "cluster-rolling-sender");
    sender.start();
    for (RouterProcess router : routers) {
      pause(Duration.ofSeconds(3));
      ctx.say(
          "rolling restart at "
              + ledger.acknowledged()
              + " acknowledged: SIGTERM to "
              + router.baseUrl());
      router.stop();
      router.start();
      router.awaitReady(client(router), FaultContext.READY_WITHIN);
      awaitMembers(routers, ROUTERS);
    }
    rolling.set(false);
    sender.join();
    List<Order> unsent = new ArrayList<>(orders);
    unsent.removeIf(order -> ledger.receipts().containsKey(order.orderId()));
    for (Order order : unsent) {
      ledger.sending(order);
    }
    assertTrue(ctx.settle(ledger, Duration.ofMinutes(3)), "every order answered after the roll");
    assertNoErrors(ledger);
    return ledger;
  }

  /**
   * A router paused (SIGSTOP) until the split-brain resolver has downed it finds, when it runs
   * again, that it was removed: it exits with status 1 (for its supervisor to start it again)
   * instead of staying alive outside the cluster.
   */
  private void downedRouterExits(FaultContext ctx, List<RouterProcess> routers) throws Exception {
    RouterProcess paused = routers.get(1);
    ctx.say("SIGSTOP of " + paused.baseUrl() + " until the others have downed it");
    Signals.stop(paused.pid());
    try {
      awaitMembers(List.of(routers.get(0), routers.get(2)), ROUTERS - 1);
    } finally {
      Signals.resume(paused.pid());
    }
    java.util.OptionalInt exit = paused.awaitExit(Duration.ofSeconds(90));
    assertEquals(
        java.util.OptionalInt.of(1),
        exit,
        "the downed router's exit status; see " + paused.lastLog());
    assertTrue(
        Files.readString(paused.lastLog()).contains("This node was removed from its cluster"),
        "the downed router says why it exits");
    paused.start();
    paused.awaitReady(client(paused), FaultContext.READY_WITHIN);
    awaitMembers(routers, ROUTERS);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void assertNoErrors(Ledger ledger) {
    assertEquals(
        0,
        ledger.serverErrors.sum() + ledger.otherErrors.sum() + ledger.changedReceipts.sum(),
        "answers other than 202 and 503/429, or changed receipts: " + ledger.problems());
  }

  private static Thread streamInChunks(RouterProcess router, List<Order> orders, Ledger ledger) {
    Thread thread =
        new Thread(
            () -> {
              FaultClient client = client(router);
              for (int from = 0; from < orders.size() && router.isAlive(); from += 250) {
                client.stream(orders.subList(from, Math.min(orders.size(), from + 250)), ledger);
              }
            },
            "cluster-stream-" + router.httpPort());
    thread.start();
    return thread;
  }

  private static void awaitAcknowledged(Ledger ledger, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (ledger.acknowledged() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /** Waits until every given router reports {@code count} routers up in its cluster. */
  private static void awaitMembers(List<RouterProcess> routers, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    List<String> seen = List.of();
    while (System.nanoTime() < deadline) {
      seen = routers.stream().map(router -> client(router).get("/ready", null).body()).toList();
      if (seen.stream().allMatch(body -> body.contains("\"members\":" + count))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(count + " routers were not up in one cluster; /ready said " + seen);
  }

  private static FaultClient client(RouterProcess router) {
    return new FaultClient(router.baseUrl());
  }

  /**
   * The routers find each other as on Kubernetes, through Cluster Bootstrap, here with the
   * configured list of their management endpoints instead of the Kubernetes API.
   */
  private static List<RouterProcess> routers(Path dataDir, String contactPoint) {
    List<Integer> managementPorts = new ArrayList<>();
    for (int i = 0; i < ROUTERS; i++) {
      managementPorts.add(FreePorts.next());
    }
    String endpoints =
        managementPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    List<RouterProcess> routers = new ArrayList<>();
    for (int i = 0; i < ROUTERS; i++) {
      routers.add(
          new RouterProcess(
                  dataDir,
                  contactPoint,
                  FreePorts.next(),
                  FreePorts.next(),
                  "768m",
                  FaultOptions.SHOP_MAX_RATE)
              .inCluster(
                  "router" + (i + 1),
                  Map.of(
                      "DAIFA_CLUSTER_BOOTSTRAP",
                      "config",
                      "DAIFA_BOOTSTRAP_ENDPOINTS",
                      endpoints,
                      "DAIFA_MANAGEMENT_PORT",
                      managementPorts.get(i).toString(),
                      "DAIFA_REQUIRED_CONTACT_POINTS",
                      Integer.toString(ROUTERS)),
                  // A killed router is downed 5 s after it became unreachable instead of 20 s.
                  List.of("-Dpekko.cluster.split-brain-resolver.stable-after=5s")));
    }
    return routers;
  }
}
