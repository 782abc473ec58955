package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.it.ApiClient.Answer;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The monthly settlement over HTTP on the real Cassandra: who settles, the fees and incentives,
 * refunds, disputes and risk holds, an idempotent re-run, clawback of a later refund, and a run
 * stopped halfway then completed. Each test has its own keyspace: cycles are global.
 */
class SettlementIT {

  private static final String ADMIN = HttpTestServer.ADMIN;
  private static final String INGEST = HttpTestServer.INGEST;

  /** Every line: 1,000 CNY paid, a 5% category fee; 40 CNY cash and 4 points at an agency. */
  private static final long BASE = 100_000;

  private static final long CASH = 4_000;
  private static final long POINTS = 400;

  record Account(String id, String key) {}

  private final YearMonth cycle = ShanghaiCalendar.monthOf(Instant.now()).minusMonths(1);
  private int orders;

  @Test
  void shouldSettleOnceExcludeRefundsAndDisputesHoldRiskAndClawBackALaterRefund() throws Exception {
    Map<String, Object> config = HttpTestServer.config("settle");
    config.put("daifa.settlement.day-of-month", 0);
    config.put("daifa.settlement.risk.burst-orders", 3);
    try (HttpTestServer server = new HttpTestServer(config, new ShiftedClock())) {
      ApiClient api = server.api;
      Account shop = create(api, "/v1/shops", "{\"name\":\"Tea\"}", "shopId");
      Account s1 = supplier(api, shop, "spu-a");
      Account s2 = supplier(api, shop, "spu-b");
      Account agency = agencyWithDeposit(api);

      String split = order(api, shop, agency.id(), "b-1", 10, "spu-a", "spu-b");
      String refunded = order(api, shop, agency.id(), "b-2", 20, "spu-a");
      String disputed = order(api, shop, agency.id(), "b-3", 30, "spu-a");
      String[] burst = {
        order(api, shop, agency.id(), "b-burst", 40, "spu-a"),
        order(api, shop, agency.id(), "b-burst", 41, "spu-a"),
        order(api, shop, agency.id(), "b-burst", 42, "spu-a")
      };
      String unpromoted = order(api, shop, null, "b-7", 50, "spu-a");
      for (String orderId :
          new String[] {split, refunded, disputed, burst[0], burst[1], burst[2]}) {
        deliver(api, s1, orderId);
      }
      deliver(api, s1, unpromoted);
      deliver(api, s2, split);
      assertEquals(200, refund(api, refunded, "1", cycle.atDay(25).atTime(12, 0) + "+08:00"));
      assertEquals(
          200,
          api.post(
                  "/v1/orders/" + disputed + "/disputes",
                  INGEST,
                  "{\"lineIds\":[\"1\"],\"open\":true}")
              .status());
      awaitStatus(api, split, "RECEIVED", 2);
      awaitStatus(api, unpromoted, "RECEIVED", 1);
      awaitStatus(api, burst[2], "RECEIVED", 1);
      awaitStatus(api, refunded, "REFUNDED", 1);
      awaitStatus(api, disputed, "DISPUTED", 1);

      String body = "{\"cycle\":\"" + cycle + "\"}";
      Answer settled = api.post("/v1/settlements", ADMIN, body);
      assertEquals(200, settled.status(), settled.toString());
      JsonNode summary = settled.json();
      assertEquals("COMPLETED", summary.get("status").asText());
      assertEquals(6, summary.get("settledLines").asLong(), "split ×2, 3 burst, unpromoted");
      assertEquals(6 * BASE, summary.get("base").asLong());
      assertEquals(6 * 600, summary.get("paymentFee").asLong(), "0.6% of what buyers paid");
      assertEquals(6 * 5_000, summary.get("serviceFee").asLong(), "the 5% category fee");
      assertEquals(6 * (BASE - 600 - 5_000), summary.get("shopNet").asLong());
      assertEquals(2 * CASH, summary.get("cash").asLong(), "the split order's two lines");
      assertEquals(2 * POINTS, summary.get("points").asLong());
      assertEquals(3, summary.get("heldLines").asLong(), "the buyer's burst is held");
      assertEquals(1, summary.get("deferredLines").asLong(), "the open dispute waits");

      Answer again = api.post("/v1/settlements", ADMIN, body);
      assertEquals(200, again.status());
      assertEquals(summary, again.json(), "a re-run changes nothing");
      String month = summary.get("settlementMonth").asText();
      JsonNode quarter = agencyQuarter(api, agency, month);
      assertEquals(2 * CASH, quarter.get("cash").asLong(), "accrued once");
      assertEquals(2 * POINTS, quarter.get("points").asLong());
      JsonNode lines = api.get("/v1/orders/" + split, INGEST).json().get("lines");
      assertEquals("SETTLED", lines.get(0).get("status").asText());
      assertEquals("SETTLED", lines.get(1).get("status").asText());
      String shops = api.get("/v1/settlements/" + cycle + "/shops.csv", ADMIN).body();
      assertTrue(
          shops.contains(shop.id() + ",6," + 6 * BASE + "," + 6 * 600 + "," + 6 * 5_000), shops);
      String agencies = api.get("/v1/settlements/" + cycle + "/agencies.csv", ADMIN).body();
      assertTrue(agencies.contains(agency.id() + ",5," + 5 * BASE + "," + 2 * CASH), agencies);
      assertEquals(
          409,
          api.post(
                  "/v1/settlements",
                  ADMIN,
                  "{\"cycle\":\"" + ShanghaiCalendar.monthOf(server.clock.instant()) + "\"}")
              .status(),
          "a month that has not ended");

      // After the settlement: a refund of the split order's second line (its other supplier),
      // the dispute closed, one burst flag cleared by an admin; next month settles the rest.
      JsonNode flags = api.get("/v1/agencies/" + agency.id() + "/flags", ADMIN).json();
      assertEquals(3, flags.size(), flags.toString());
      String cleared = flagOf(flags, burst[0]);
      assertEquals(
          200,
          api.post("/v1/agencies/" + agency.id() + "/flags/" + cleared + "/clear", ADMIN, null)
              .status());
      assertEquals(200, refund(api, split, "2", server.clock.instant().toString()));
      assertEquals(
          200,
          api.post(
                  "/v1/orders/" + disputed + "/disputes",
                  INGEST,
                  "{\"lineIds\":[\"1\"],\"open\":false}")
              .status());
      awaitStatus(api, disputed, "RECEIVED", 1);
      awaitStatus(api, split, "REFUNDED", 1);

      server.clock.advance(Duration.ofDays(32));
      YearMonth next = cycle.plusMonths(1);
      Answer second = api.post("/v1/settlements", ADMIN, "{\"cycle\":\"" + next + "\"}");
      assertEquals(200, second.status(), second.toString());
      JsonNode later = second.json();
      assertEquals(1, later.get("settledLines").asLong(), "the dispute, closed");
      assertEquals(2 * CASH, later.get("cash").asLong(), "the dispute's line and the cleared one");
      assertEquals(2, later.get("heldLines").asLong());
      assertEquals(1, later.get("clawedLines").asLong());
      assertEquals(CASH, later.get("clawedCash").asLong());
      assertEquals(POINTS, later.get("clawedPoints").asLong());
      JsonNode laterQuarter = agencyQuarter(api, agency, later.get("settlementMonth").asText());
      assertEquals(CASH, laterQuarter.get("clawedBackCash").asLong());
      boolean sameQuarter =
          ShanghaiCalendar.quarterOf(YearMonth.parse(month))
              .equals(laterQuarter.get("quarter").asText());
      assertEquals((sameQuarter ? 4 : 2) * CASH, laterQuarter.get("cash").asLong());
      JsonNode allFlags = api.get("/v1/agencies/" + agency.id() + "/flags", ADMIN).json();
      assertTrue(
          allFlags.toString().contains("REFUND_AFTER_SETTLEMENT"),
          "a refund within days of the settlement flags its buyer: " + allFlags);
    }
  }

  @Test
  void shouldCompleteARunStoppedHalfwayWithEveryLineCountedOnce() throws Exception {
    Map<String, Object> config = HttpTestServer.config("settle_crash");
    config.put("daifa.settlement.day-of-month", 0);
    config.put("daifa.settlement.page-size", 1);
    ShiftedClock clock = new ShiftedClock();
    int lines = 30;
    Account agency;
    String body = "{\"cycle\":\"" + cycle + "\"}";
    try (HttpTestServer server = new HttpTestServer(config, clock)) {
      ApiClient api = server.api;
      Account shop = create(api, "/v1/shops", "{\"name\":\"Tea\"}", "shopId");
      Account supplier = supplier(api, shop, "spu-a");
      agency = agencyWithDeposit(api);
      List<String> orderIds = new ArrayList<>();
      for (int i = 0; i < lines; i++) {
        orderIds.add(order(api, shop, agency.id(), "b-" + i, i % 50, "spu-a"));
      }
      orderIds.forEach(orderId -> deliver(api, supplier, orderId));
      awaitStatus(api, orderIds.get(lines - 1), "RECEIVED", 1);
      CompletableFuture.runAsync(() -> api.post("/v1/settlements", ADMIN, body));
      eventually(
          () -> api.get("/v1/settlements/" + cycle, ADMIN),
          a -> a.status() == 200 && a.json().get("settledLines").asLong() >= 5);
      JsonNode halfway = api.get("/v1/settlements/" + cycle, ADMIN).json();
      assertEquals("RUNNING", halfway.get("status").asText(), "stopped before it completed");
    }
    try (HttpTestServer restarted = new HttpTestServer(config, clock)) {
      Answer completed = restarted.api.post("/v1/settlements", ADMIN, body);
      assertEquals(200, completed.status(), completed.toString());
      JsonNode summary = completed.json();
      assertEquals(lines, summary.get("settledLines").asLong());
      assertEquals(lines * CASH, summary.get("cash").asLong());
      JsonNode quarter =
          agencyQuarter(restarted.api, agency, summary.get("settlementMonth").asText());
      assertEquals(lines * CASH, quarter.get("cash").asLong(), "no line accrued twice");
      assertEquals(lines * POINTS, quarter.get("points").asLong());
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Account create(ApiClient api, String path, String body, String idField) {
    Answer created = api.post(path, ADMIN, body);
    assertEquals(201, created.status(), created.toString());
    return new Account(created.text(idField), created.text("apiKey"));
  }

  /** A supplier bound to the shop by invite, with {@code spuId} routed to it. */
  private static Account supplier(ApiClient api, Account shop, String spuId) {
    Account supplier =
        create(api, "/v1/suppliers", "{\"name\":\"Co\",\"identity\":\"SUPPLIER\"}", "supplierId");
    String token = api.post("/v1/shops/" + shop.id() + "/invites", shop.key(), null).text("token");
    assertEquals(
        200,
        api.post(
                "/v1/suppliers/" + supplier.id() + "/invites/" + token + "/accept",
                supplier.key(),
                null)
            .status());
    assertEquals(
        200,
        api.put(
                "/v1/shops/" + shop.id() + "/allocation/products/" + spuId,
                shop.key(),
                "{\"supplierId\":\"" + supplier.id() + "\"}")
            .status());
    return supplier;
  }

  /** An agency that has paid the base deposit (20,000 CNY): covered while its GMV is small. */
  private static Account agencyWithDeposit(ApiClient api) {
    Account agency =
        create(api, "/v1/agencies", "{\"name\":\"Ag\",\"kind\":\"BUSINESS\"}", "agencyId");
    assertEquals(
        200,
        api.post("/v1/agencies/" + agency.id() + "/deposits", ADMIN, "{\"amount\":2000000}")
            .status());
    return agency;
  }

  /** A paid order in the cycle, {@code minute} minutes after 10:00 on its 10th day. */
  private String order(
      ApiClient api, Account shop, String agencyId, String buyerId, int minute, String... spus) {
    String orderId = "st-" + System.nanoTime() + "-" + ++orders;
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < spus.length; i++) {
      lines
          .append(i == 0 ? "" : ",")
          .append("{\"lineId\":\"")
          .append(i + 1)
          .append("\",\"spuId\":\"")
          .append(spus[i])
          .append("\",\"skuId\":\"")
          .append(spus[i])
          .append("-1\",\"quantity\":1,\"userPaid\":")
          .append(BASE)
          .append(",\"paymentSubsidy\":0,\"influencerDiscount\":0,\"platformDiscount\":0,")
          .append("\"feeRateBp\":500}");
    }
    String paidAt = cycle.atDay(10).atTime(10, minute) + ":00+08:00";
    String body =
        "{\"orderId\":\""
            + orderId
            + "\",\"shopId\":\""
            + shop.id()
            + "\",\"buyerId\":\""
            + buyerId
            + "\",\"agencyId\":"
            + (agencyId == null ? "null" : "\"" + agencyId + "\"")
            + ",\"paidAt\":\""
            + paidAt
            + "\",\"lines\":["
            + lines
            + "]}";
    Answer accepted = api.post("/v1/orders", INGEST, body);
    assertEquals(202, accepted.status(), accepted.toString());
    return orderId;
  }

  /** The supplier accepts and ships its part, and the buyer receives it in the cycle. */
  private void deliver(ApiClient api, Account supplier, String orderId) {
    String base = "/v1/suppliers/" + supplier.id() + "/orders/" + orderId;
    eventually(() -> api.post(base + "/accept", supplier.key(), null), a -> a.status() == 200);
    assertEquals(
        200,
        api.post(base + "/ship", supplier.key(), "{\"carrier\":\"SF\",\"trackingNo\":\"SF-1\"}")
            .status());
    String receivedAt = cycle.atDay(15).atTime(10, 0) + ":00+08:00";
    Answer receipt =
        api.post(
            "/v1/orders/" + orderId + "/receipt",
            INGEST,
            "{\"supplierId\":\"" + supplier.id() + "\",\"receivedAt\":\"" + receivedAt + "\"}");
    assertEquals(200, receipt.status(), receipt.toString());
  }

  private static int refund(ApiClient api, String orderId, String lineId, String refundedAt) {
    return api.post(
            "/v1/orders/" + orderId + "/refund",
            INGEST,
            "{\"lineIds\":[\"" + lineId + "\"],\"refundedAt\":\"" + refundedAt + "\"}")
        .status();
  }

  /** Waits until the read side shows {@code count} lines of the order in {@code status}. */
  private static void awaitStatus(ApiClient api, String orderId, String status, int count) {
    eventually(
        () -> api.get("/v1/orders/" + orderId, INGEST),
        a -> {
          if (a.status() != 200) {
            return false;
          }
          int seen = 0;
          for (JsonNode line : a.json().get("lines")) {
            seen += status.equals(line.get("status").asText()) ? 1 : 0;
          }
          return seen >= count;
        });
  }

  private static JsonNode agencyQuarter(ApiClient api, Account agency, String month) {
    return api.get("/v1/agencies/" + agency.id() + "?month=" + month, ADMIN).json().get("quarter");
  }

  private static String flagOf(JsonNode flags, String orderId) {
    for (JsonNode flag : flags) {
      if (flag.get("orderId").asText().equals(orderId)) {
        return flag.get("flagId").asText();
      }
    }
    throw new AssertionError("no flag for " + orderId + " in " + flags);
  }

  private static Answer eventually(Supplier<Answer> call, Predicate<Answer> ok) {
    // Polls often: the crash test must see the run halfway.
    return ApiClientAwait.answer(call, ok, Duration.ofMillis(20));
  }
}
