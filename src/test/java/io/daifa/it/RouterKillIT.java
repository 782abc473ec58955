package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.client.ApiException;
import io.daifa.client.api.AccountsApi;
import io.daifa.client.api.OperationsApi;
import io.daifa.client.api.OrdersApi;
import io.daifa.client.model.CreateShopRequest;
import io.daifa.common.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The router as an operator runs it — its own process, with the Cassandra it starts — killed with
 * kill -9 in the middle of an NDJSON stream and started again on the same data directory: it comes
 * back (finding and stopping the Cassandra it left running), and every order acknowledged before
 * the kill is there exactly once: a resend answers the same receipt and the read side shows it.
 */
class RouterKillIT {

  private static final String ADMIN = "adm_kill_test_admin_key_0000000001";
  private static final String INGEST = "ing_kill_test_ingest_key_000000001";
  private static final int ORDERS = 3_000;
  private static final Duration READY_WITHIN = Duration.ofMinutes(3);

  private final Map<String, Integer> ports = new ConcurrentHashMap<>();

  @Test
  void everyOrderAcknowledgedBeforeAKillMinus9IsStoredOnceAfterTheRestart() throws Exception {
    Path dataDir =
        Path.of(System.getProperty("daifa.it.work-dir", "target/it"))
            .resolve("kill-" + System.currentTimeMillis());
    Files.createDirectories(dataDir);
    for (String port : List.of("http", "cassandra", "storage", "remote")) {
      ports.put(port, FreePorts.next());
    }
    try {
      killAndRestart(dataDir);
    } finally {
      // Whatever happened, no node of this test outlives it: a router killed with -9, or a test
      // failing before the restart, leaves its Cassandra running.
      new ProcessBuilder("pkill", "-9", "-f", dataDir.toString()).start().waitFor();
    }
  }

  private void killAndRestart(Path dataDir) throws Exception {
    String base = "http://127.0.0.1:" + ports.get("http");

    Process first = startRouter(dataDir, "first");
    String shopId;
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    try {
      awaitReady(base, first);
      // The first write on a Cassandra that has just started may outlast the router's ask
      // timeout: answered 503 "may have been stored", so sent again with the same
      // Idempotency-Key, as a client should.
      AccountsApi platform = new AccountsApi(HttpTestServer.client(base, ADMIN));
      shopId =
          Calls.eventually(
                  () -> platform.createShop("kill-shop", new CreateShopRequest().name("Kill")),
                  created -> true)
              .getShopId();
      Thread reader = streamInBackground(shopId, acknowledged);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acknowledged.size() < ORDERS / 10 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(acknowledged.size() >= ORDERS / 10, "orders acknowledged before the kill");
      first.destroyForcibly(); // SIGKILL: no shutdown hook runs, Cassandra is left behind
      first.waitFor(30, TimeUnit.SECONDS);
      reader.join(30_000);
    } finally {
      first.destroyForcibly();
    }
    int beforeKill = acknowledged.size();

    Process second = startRouter(dataDir, "second");
    try {
      awaitReady(base, second);
      String log = Files.readString(dataDir.resolve("second.log"));
      assertTrue(log.contains("Stopping Cassandra left running"), "the leftover node was found");

      // A client resends what it has no receipt for; while the shop recovers, a line may still be
      // answered 503, so it sends again, as any client would.
      Map<String, String> resent = new ConcurrentHashMap<>();
      for (int attempt = 0; attempt < 5 && resent.size() < ORDERS; attempt++) {
        streamInBackground(shopId, resent).join(120_000);
      }
      assertEquals(ORDERS, resent.size(), "every order answered after the restart");
      List<String> differing = new ArrayList<>();
      acknowledged.forEach(
          (orderId, receipt) -> {
            if (!receipt.equals(resent.get(orderId))) {
              differing.add(orderId + ": " + receipt + " then " + resent.get(orderId));
            }
          });
      assertEquals(List.of(), differing, "acknowledged receipts answered again, unchanged");
      OrdersApi orders = new OrdersApi(HttpTestServer.client(base, INGEST));
      for (String orderId : acknowledged.keySet()) {
        Calls.eventually(() -> orders.getOrder(orderId, shopId), order -> true);
      }
      assertTrue(beforeKill >= ORDERS / 10);
    } finally {
      second.destroy(); // SIGTERM: the router stops its Cassandra after its last write
      if (!second.waitFor(90, TimeUnit.SECONDS)) {
        second.destroyForcibly();
      }
    }
  }

  private Process startRouter(Path dataDir, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Ddaifa.cassandra.embedded.classpath-file="
                    + System.getProperty("daifa.cassandra.embedded.classpath-file"),
                "io.daifa.app.Main",
                "serve")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve(name + ".log").toFile());
    Map<String, String> env = builder.environment();
    env.put("DAIFA_DATA_DIR", dataDir.toString());
    env.put("DAIFA_HTTP_PORT", ports.get("http").toString());
    env.put("DAIFA_CASSANDRA_PORT", ports.get("cassandra").toString());
    env.put("DAIFA_CASSANDRA_STORAGE_PORT", ports.get("storage").toString());
    env.put("DAIFA_REMOTE_PORT", ports.get("remote").toString());
    env.put("DAIFA_CASSANDRA_HEAP", "1g");
    env.put("DAIFA_ADMIN_KEY", ADMIN);
    env.put("DAIFA_INGEST_KEY", INGEST);
    return builder.start();
  }

  private static void awaitReady(String base, Process router) throws Exception {
    OperationsApi operations = new OperationsApi(HttpTestServer.client(base, null));
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(router.isAlive(), "the router exited; see its log under target/it");
      try {
        operations.readiness();
        return;
      } catch (ApiException notReadyYet) {
        // connection refused until the HTTP API is bound, then 503 until storage is up
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not ready within " + READY_WITHIN);
  }

  /** Streams every order of the test once; {@code answered} gets each receipt line by order ID. */
  private Thread streamInBackground(String shopId, Map<String, String> answered) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < ORDERS; i++) {
      body.append(OrderBodies.order("kill-" + i, shopId, "spu-a", "spu-b")).append('\n');
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports.get("http") + "/v1/orders/stream"))
            .header("Authorization", "Bearer " + INGEST)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    Thread reader =
        new Thread(
            () -> {
              try {
                HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofLines())
                    .body()
                    .forEach(
                        line -> {
                          if (!line.contains("\"error\"")) {
                            String orderId = line.replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
                            answered.put(orderId, line);
                          }
                        });
              } catch (Exception killed) {
                // the stream breaks when the router is killed
              }
            },
            "kill-it-stream");
    reader.start();
    return reader;
  }
}
