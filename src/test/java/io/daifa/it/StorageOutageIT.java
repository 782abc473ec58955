package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.it.ApiClient.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Cassandra paused (SIGSTOP) under a running router, as in a long GC pause or a stalled disk: while
 * it is gone, orders and reads are answered 503 with Retry-After and {@code /ready} is not ready;
 * once it is back, orders are taken again within seconds (the snapshot store's default breaker kept
 * recovering entities failing for a minute), and every order refused meanwhile is stored exactly
 * once when it is sent again.
 */
class StorageOutageIT {

  /**
   * Long enough for a failed write to stop the shop and for its recoveries to fail five times (with
   * backoff and the driver's 2 s timeout): that opens the snapshot store's circuit breaker.
   */
  private static final Duration PAUSE = Duration.ofSeconds(25);

  private static final Duration BACK_WITHIN = Duration.ofSeconds(10);

  @Test
  void ordersAreRefusedQuicklyWhileStorageIsGoneAndTakenAgainSoonAfterItReturns() throws Exception {
    try (HttpTestServer server = new HttpTestServer("outage")) {
      ApiClient api = server.api;
      String shop =
          api.post("/v1/shops", HttpTestServer.ADMIN, "{\"name\":\"outage\"}")
              .json()
              .get("shopId")
              .asText();
      assertEquals(202, ingest(api, "before", shop).status());

      long cassandra = TestCassandra.embeddedPid();
      List<String> refused = new ArrayList<>();
      signal("STOP", cassandra);
      try {
        awaitAllThreadsStopped(cassandra);
        long until = System.nanoTime() + PAUSE.toNanos();
        while (System.nanoTime() < until) {
          String orderId = "during-" + refused.size();
          Answer answer = ingest(api, orderId, shop);
          assertEquals(503, answer.status(), answer.toString());
          assertTrue(
              answer.raw().headers().firstValue("Retry-After").isPresent(), answer.toString());
          refused.add(orderId);
        }
        Answer ready = api.get("/ready", null);
        assertEquals(503, ready.status(), ready.toString());
        Answer read = api.get("/v1/orders/before", HttpTestServer.INGEST);
        assertEquals(503, read.status(), "a read answers 503, not 500: " + read);
        assertTrue(read.raw().headers().firstValue("Retry-After").isPresent(), read.toString());
      } finally {
        signal("CONT", cassandra);
      }

      long resumed = System.nanoTime();
      int attempt = 0;
      while (ingest(api, "after-" + attempt++, shop).status() != 202) {
        Duration waited = Duration.ofNanos(System.nanoTime() - resumed);
        assertTrue(
            waited.compareTo(BACK_WITHIN) < 0,
            "orders are still refused " + waited.toMillis() + " ms after storage returned");
        Thread.sleep(200);
      }

      for (String orderId : refused) {
        assertEquals(202, ingest(api, orderId, shop).status(), orderId + " sent again");
      }
      Answer again = ingest(api, refused.get(0), shop);
      assertEquals(202, again.status(), "a resend of a stored order answers its receipt again");
    }
  }

  private static Answer ingest(ApiClient api, String orderId, String shopId) {
    return api.post(
        "/v1/orders", HttpTestServer.INGEST, OrderBodies.order(orderId, shopId, "spu-a"));
  }

  /**
   * SIGSTOP reaches the node's threads a moment after kill returns; an order sent in that moment
   * may still be stored, so the pause begins when every thread shows as stopped.
   */
  private static void awaitAllThreadsStopped(long pid) throws Exception {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      boolean allStopped;
      try (Stream<Path> threads = Files.list(tasks)) {
        allStopped = threads.allMatch(StorageOutageIT::isStopped);
      }
      if (allStopped) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("Cassandra's threads did not stop within 5 s of SIGSTOP");
  }

  /** The state field of {@code /proc/<pid>/task/<tid>/stat}, after the command's parentheses. */
  private static boolean isStopped(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'T' || state == 't';
    } catch (java.io.IOException gone) {
      return true; // a thread that ended is not running either
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
  }
}
