package io.daifa.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.http.Json;
import io.daifa.loadtest.Scenario;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.policy.ShanghaiCalendar;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * After a scenario, every acknowledged order is looked for the three ways its users see it: {@code
 * GET /v1/orders/{id}}, each supplier's paged list (one entry per supplier the receipt named), and
 * each agency's GMV (the sum of its orders' lines, counted once). The read side is eventually
 * consistent, so each view is asked again while it catches up, until it agrees or has made no
 * progress for {@code patience}.
 */
final class Audit {

  /** What the views showed. {@code gmvDifference} is shown minus expected, in fen. */
  record Result(
      int checked, int found, int lost, int duplicated, long gmvDifference, List<String> lostIds) {}

  private static final int PARALLEL = 8;

  private final FaultClient client;
  private final Duration patience;

  Audit(FaultClient client, Duration patience) {
    this.client = client;
    this.patience = patience;
  }

  /**
   * Audits the acknowledged orders of the ledger; at most {@code maxLookups} of them are looked up
   * one by one (an even sample), the supplier lists and GMV always cover all.
   */
  Result of(Scenario scenario, int maxLookups, Ledger... ledgers) throws InterruptedException {
    Map<String, JsonNode> receipts = new HashMap<>();
    List<Order> acknowledged = new ArrayList<>();
    for (Ledger ledger : ledgers) {
      receipts.putAll(ledger.receipts());
      for (Order order : ledger.orders()) {
        if (ledger.receipts().containsKey(order.orderId())) {
          acknowledged.add(order);
        }
      }
    }
    acknowledged.sort(java.util.Comparator.comparing(Order::orderId));
    List<Order> sample = new ArrayList<>();
    int step = Math.max(1, acknowledged.size() / Math.max(1, maxLookups));
    for (int i = 0; i < acknowledged.size(); i += step) {
      sample.add(acknowledged.get(i));
    }
    Set<String> missing = lookUp(sample);
    int listedTwice = supplierLists(receipts, scenario, missing);
    long gmv = gmvDifference(acknowledged, scenario);
    return new Result(
        sample.size(),
        sample.size() - countIn(missing, sample),
        missing.size(),
        listedTwice,
        gmv,
        missing.stream().sorted().limit(5).toList());
  }

  private static int countIn(Set<String> missing, List<Order> sample) {
    int n = 0;
    for (Order order : sample) {
      if (missing.contains(order.orderId())) {
        n++;
      }
    }
    return n;
  }

  /** The order IDs that {@code GET /v1/orders/{id}} does not show once it stops catching up. */
  private Set<String> lookUp(List<Order> orders) throws InterruptedException {
    CatchUp catchUp = new CatchUp();
    Set<String> pending = ConcurrentHashMap.newKeySet();
    orders.forEach(o -> pending.add(o.orderId()));
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      while (!pending.isEmpty()) {
        List<java.util.concurrent.Future<?>> round = new ArrayList<>();
        for (String orderId : List.copyOf(pending)) {
          round.add(
              pool.submit(
                  () -> {
                    if (client
                            .get("/v1/orders/" + encode(orderId), RouterProcess.INGEST_KEY)
                            .status()
                        == 200) {
                      pending.remove(orderId);
                    }
                  }));
        }
        for (var request : round) {
          request.get();
        }
        if (!catchUp.worthWaiting(pending.size())) {
          break;
        }
        Thread.sleep(1_000);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new HashSet<>(pending);
  }

  /**
   * Reads every supplier's list until it holds exactly the (supplier, order) pairs the receipts
   * named. Orders missing from it are added to {@code missing}; returns the entries listed twice.
   */
  private int supplierLists(Map<String, JsonNode> receipts, Scenario scenario, Set<String> missing)
      throws InterruptedException {
    Map<String, Set<String>> expected = new HashMap<>();
    receipts.forEach(
        (orderId, receipt) -> {
          for (JsonNode dispatch : receipt.path("dropshipOrders")) {
            expected
                .computeIfAbsent(dispatch.path("supplierId").asText(), s -> new HashSet<>())
                .add(orderId);
          }
        });
    int twice = 0;
    for (Map.Entry<String, String> supplier : scenario.supplierKeys().entrySet()) {
      Set<String> want = expected.getOrDefault(supplier.getKey(), Set.of());
      CatchUp catchUp = new CatchUp();
      while (true) {
        Map<String, Integer> listed = list(supplier.getKey(), supplier.getValue());
        Set<String> absent = new HashSet<>(want);
        absent.removeAll(listed.keySet());
        if (!catchUp.worthWaiting(absent.size())) {
          missing.addAll(absent);
          twice += (int) listed.values().stream().filter(n -> n > 1).count();
          break;
        }
        Thread.sleep(1_000);
      }
    }
    return twice;
  }

  private Map<String, Integer> list(String supplierId, String key) throws InterruptedException {
    Map<String, Integer> seen = new HashMap<>();
    String after = null;
    do {
      String path =
          "/v1/suppliers/"
              + supplierId
              + "/orders?limit=200"
              + (after == null ? "" : "&after=" + encode(after));
      FaultClient.Answer answer = client.get(path, key);
      // A read the storage did not answer in time is a 503 that says "retry shortly": do so, as a
      // client would, instead of failing the audit on a busy box.
      for (int retry = 0; answer.status() == 503 && retry < 5; retry++) {
        Thread.sleep(1_000);
        answer = client.get(path, key);
      }
      if (answer.status() != 200) {
        throw new IllegalStateException(path + " answered " + answer.status() + answer.body());
      }
      JsonNode page = Json.read(answer.body(), JsonNode.class);
      for (JsonNode row : page.path("orders")) {
        seen.merge(row.path("orderId").asText(), 1, Integer::sum);
      }
      after = page.path("next").isTextual() ? page.path("next").asText() : null;
    } while (after != null);
    return seen;
  }

  /** The agencies' GMV as shown, minus the sum of their acknowledged orders' lines. */
  private long gmvDifference(List<Order> acknowledged, Scenario scenario)
      throws InterruptedException {
    Map<String, Map<String, Long>> expected = new HashMap<>();
    for (Order order : acknowledged) {
      if (order.agencyId() != null) {
        long paid = 0;
        for (OrderLine line : order.lines()) {
          paid += line.userPaid().value();
        }
        expected
            .computeIfAbsent(order.agencyId(), a -> new HashMap<>())
            .merge(ShanghaiCalendar.monthKeyOf(order.paidAt()), paid, Long::sum);
      }
    }
    long difference = 0;
    for (String agencyId : scenario.agencyIds()) {
      Map<String, Long> want = expected.getOrDefault(agencyId, Map.of());
      CatchUp catchUp = new CatchUp();
      while (true) {
        long off = 0;
        for (Map.Entry<String, Long> month : want.entrySet()) {
          FaultClient.Answer answer =
              client.get(
                  "/v1/agencies/" + agencyId + "?month=" + month.getKey(), RouterProcess.ADMIN_KEY);
          long shown =
              answer.status() == 200
                  ? Json.read(answer.body(), JsonNode.class)
                      .path("gmvByMonth")
                      .path(month.getKey())
                      .asLong()
                  : 0;
          off += shown - month.getValue();
        }
        if (!catchUp.worthWaiting(Math.abs(off))) {
          difference += off;
          break;
        }
        Thread.sleep(1_000);
      }
    }
    return difference;
  }

  /**
   * How long to wait for a view: while its gap to the acknowledgements shrinks (the read side of
   * one hot shop is one slice, which can be minutes behind after a burst), and for {@code patience}
   * after it last did.
   */
  private final class CatchUp {
    private long deadline = System.nanoTime() + patience.toNanos();
    private long smallestGap = Long.MAX_VALUE;

    boolean worthWaiting(long gap) {
      if (gap < smallestGap) {
        smallestGap = gap;
        deadline = System.nanoTime() + patience.toNanos();
      }
      return gap != 0 && System.nanoTime() < deadline;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The checks every scenario's audit must pass. */
  static void check(Ledger ledger, Audit.Result audit, List<String> failures) {
    if (audit.lost() > 0) {
      failures.add(audit.lost() + " acknowledged orders missing, among them " + audit.lostIds());
    }
    if (audit.duplicated() > 0) {
      failures.add(audit.duplicated() + " listed twice");
    }
    if (audit.gmvDifference() != 0) {
      failures.add("agency GMV off by " + audit.gmvDifference() + " fen");
    }
    if (ledger.changedReceipts.sum() > 0) {
      failures.add(ledger.changedReceipts.sum() + " receipts changed");
    }
    if (ledger.serverErrors.sum() > 0) {
      failures.add(ledger.serverErrors.sum() + " server errors: " + ledger.problems());
    }
    if (ledger.otherErrors.sum() > 0) {
      failures.add(ledger.otherErrors.sum() + " other errors: " + ledger.problems());
    }
  }
}
