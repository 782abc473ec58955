package io.daifa.it;

import static io.daifa.it.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.client.api.AfterSalesApi;
import io.daifa.client.api.AgenciesApi;
import io.daifa.client.api.SettlementsApi;
import io.daifa.client.model.DisputeRequest;
import io.daifa.client.model.Order;
import io.daifa.client.model.OrderLine;
import io.daifa.client.model.OrderView;
import io.daifa.client.model.OrderViewLine;
import io.daifa.client.model.QuarterIncentives;
import io.daifa.client.model.RefundRequest;
import io.daifa.client.model.RiskFlag;
import io.daifa.client.model.SettlementRequest;
import io.daifa.client.model.SettlementSummary;
import io.daifa.it.Accounts.Account;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

  private static final ZoneOffset SHANGHAI = ZoneOffset.ofHours(8);

  private final YearMonth cycle = ShanghaiCalendar.monthOf(Instant.now()).minusMonths(1);
  private int orders;

  @Test
  void shouldSettleOnceExcludeRefundsAndDisputesHoldRiskAndClawBackALaterRefund() throws Exception {
    Map<String, Object> config = HttpTestServer.config("settle");
    config.put("daifa.settlement.day-of-month", 0);
    config.put("daifa.settlement.risk.burst-orders", 3);
    try (HttpTestServer server = new HttpTestServer(config, new ShiftedClock())) {
      Accounts accounts = new Accounts(server);
      Account shop = accounts.shop("Tea");
      Account s1 = accounts.boundSupplier(shop, "spu-a");
      Account s2 = accounts.boundSupplier(shop, "spu-b");
      Account agency = accounts.agency("Ag", 2_000_000);

      String split = order(server, shop, agency.id(), "b-1", 10, "spu-a", "spu-b");
      String refunded = order(server, shop, agency.id(), "b-2", 20, "spu-a");
      String disputed = order(server, shop, agency.id(), "b-3", 30, "spu-a");
      String[] burst = {
        order(server, shop, agency.id(), "b-burst", 40, "spu-a"),
        order(server, shop, agency.id(), "b-burst", 41, "spu-a"),
        order(server, shop, agency.id(), "b-burst", 42, "spu-a")
      };
      String unpromoted = order(server, shop, null, "b-7", 50, "spu-a");
      for (String orderId :
          new String[] {split, refunded, disputed, burst[0], burst[1], burst[2]}) {
        deliver(server, s1, orderId);
      }
      deliver(server, s1, unpromoted);
      deliver(server, s2, split);
      refund(server, refunded, "1", cycle.atDay(25).atTime(12, 0).atOffset(SHANGHAI));
      dispute(server, disputed, true);
      awaitStatus(server, split, OrderViewLine.StatusEnum.RECEIVED, 2);
      awaitStatus(server, unpromoted, OrderViewLine.StatusEnum.RECEIVED, 1);
      awaitStatus(server, burst[2], OrderViewLine.StatusEnum.RECEIVED, 1);
      awaitStatus(server, refunded, OrderViewLine.StatusEnum.REFUNDED, 1);
      awaitStatus(server, disputed, OrderViewLine.StatusEnum.DISPUTED, 1);

      SettlementsApi settlements = new SettlementsApi(server.client(ADMIN));
      SettlementSummary summary = call(() -> settlements.runSettlement(cycle(cycle)));
      assertEquals(SettlementSummary.StatusEnum.COMPLETED, summary.getStatus());
      assertEquals(6, summary.getSettledLines(), "split ×2, 3 burst, unpromoted");
      assertEquals(6 * BASE, summary.getBase());
      assertEquals(6 * 600, summary.getPaymentFee(), "0.6% of what buyers paid");
      assertEquals(6 * 5_000, summary.getServiceFee(), "the 5% category fee");
      assertEquals(6 * (BASE - 600 - 5_000), summary.getShopNet());
      assertEquals(2 * CASH, summary.getCash(), "the split order's two lines");
      assertEquals(2 * POINTS, summary.getPoints());
      assertEquals(3, summary.getHeldLines(), "the buyer's burst is held");
      assertEquals(1, summary.getDeferredLines(), "the open dispute waits");

      assertEquals(
          summary, call(() -> settlements.runSettlement(cycle(cycle))), "a re-run changes nothing");
      String month = summary.getSettlementMonth();
      QuarterIncentives quarter = agencyQuarter(server, agency, month);
      assertEquals(2 * CASH, quarter.getCash(), "accrued once");
      assertEquals(2 * POINTS, quarter.getPoints());
      OrderView settled = call(() -> Fulfilment.orders(server).getOrder(split, null));
      assertEquals(OrderViewLine.StatusEnum.SETTLED, settled.getLines().get(0).getStatus());
      assertEquals(OrderViewLine.StatusEnum.SETTLED, settled.getLines().get(1).getStatus());
      // CSV exports: outside the generated client, which reads JSON.
      String shops = server.api.get("/v1/settlements/" + cycle + "/shops.csv", ADMIN).body();
      assertTrue(
          shops.contains(shop.id() + ",6," + 6 * BASE + "," + 6 * 600 + "," + 6 * 5_000), shops);
      String agenciesCsv =
          server.api.get("/v1/settlements/" + cycle + "/agencies.csv", ADMIN).body();
      assertTrue(
          agenciesCsv.contains(agency.id() + ",5," + 5 * BASE + "," + 2 * CASH), agenciesCsv);
      YearMonth current = ShanghaiCalendar.monthOf(server.clock.instant());
      Calls.refused(409, "CYCLE_NOT_ENDED", () -> settlements.runSettlement(cycle(current)));

      // After the settlement: a refund of the split order's second line (its other supplier),
      // the dispute closed, one burst flag cleared by an admin; next month settles the rest.
      AgenciesApi agencies = new AgenciesApi(server.client(ADMIN));
      List<RiskFlag> flags = call(() -> agencies.listRiskFlags(agency.id()));
      assertEquals(3, flags.size(), flags.toString());
      String cleared = flagOf(flags, burst[0]);
      call(() -> agencies.clearRiskFlag(agency.id(), cleared));
      refund(server, split, "2", server.clock.instant().atOffset(SHANGHAI));
      dispute(server, disputed, false);
      awaitStatus(server, disputed, OrderViewLine.StatusEnum.RECEIVED, 1);
      awaitStatus(server, split, OrderViewLine.StatusEnum.REFUNDED, 1);

      server.clock.advance(Duration.ofDays(32));
      SettlementSummary later = call(() -> settlements.runSettlement(cycle(cycle.plusMonths(1))));
      assertEquals(1, later.getSettledLines(), "the dispute, closed");
      assertEquals(2 * CASH, later.getCash(), "the dispute's line and the cleared one");
      assertEquals(2, later.getHeldLines());
      assertEquals(1, later.getClawedLines());
      assertEquals(CASH, later.getClawedCash());
      assertEquals(POINTS, later.getClawedPoints());
      QuarterIncentives laterQuarter = agencyQuarter(server, agency, later.getSettlementMonth());
      assertEquals(CASH, laterQuarter.getClawedBackCash());
      boolean sameQuarter =
          ShanghaiCalendar.quarterOf(YearMonth.parse(month)).equals(laterQuarter.getQuarter());
      assertEquals((sameQuarter ? 4 : 2) * CASH, laterQuarter.getCash());
      List<RiskFlag> allFlags = call(() -> agencies.listRiskFlags(agency.id()));
      assertTrue(
          allFlags.stream().anyMatch(f -> f.getKind() == RiskFlag.KindEnum.REFUND_AFTER_SETTLEMENT),
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
    try (HttpTestServer server = new HttpTestServer(config, clock)) {
      Accounts accounts = new Accounts(server);
      Account shop = accounts.shop("Tea");
      Account supplier = accounts.boundSupplier(shop, "spu-a");
      agency = accounts.agency("Ag", 2_000_000);
      List<String> orderIds = new ArrayList<>();
      for (int i = 0; i < lines; i++) {
        orderIds.add(order(server, shop, agency.id(), "b-" + i, i % 50, "spu-a"));
      }
      orderIds.forEach(orderId -> deliver(server, supplier, orderId));
      awaitStatus(server, orderIds.get(lines - 1), OrderViewLine.StatusEnum.RECEIVED, 1);
      SettlementsApi settlements = new SettlementsApi(server.client(ADMIN));
      CompletableFuture.runAsync(() -> call(() -> settlements.runSettlement(cycle(cycle))));
      // Polls often: the test must see the run halfway.
      SettlementSummary halfway =
          Calls.eventually(
              () -> settlements.getSettlement(cycle.toString()),
              summary -> summary.getSettledLines() >= 5,
              Duration.ofMillis(20));
      assertEquals(
          SettlementSummary.StatusEnum.RUNNING, halfway.getStatus(), "stopped before it completed");
    }
    try (HttpTestServer restarted = new HttpTestServer(config, clock)) {
      SettlementSummary summary =
          call(() -> new SettlementsApi(restarted.client(ADMIN)).runSettlement(cycle(cycle)));
      assertEquals(lines, summary.getSettledLines());
      assertEquals(lines * CASH, summary.getCash());
      QuarterIncentives quarter = agencyQuarter(restarted, agency, summary.getSettlementMonth());
      assertEquals(lines * CASH, quarter.getCash(), "no line accrued twice");
      assertEquals(lines * POINTS, quarter.getPoints());
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static SettlementRequest cycle(YearMonth cycle) {
    return new SettlementRequest().cycle(cycle.toString());
  }

  /** A paid order in the cycle, {@code minute} minutes after 10:00 on its 10th day. */
  private String order(
      HttpTestServer server,
      Account shop,
      String agencyId,
      String buyerId,
      int minute,
      String... spus) {
    String orderId = "st-" + System.nanoTime() + "-" + ++orders;
    Order order =
        new Order()
            .orderId(orderId)
            .shopId(shop.id())
            .buyerId(buyerId)
            .agencyId(agencyId)
            .paidAt(cycle.atDay(10).atTime(10, minute).atOffset(SHANGHAI));
    for (int i = 0; i < spus.length; i++) {
      order.addLinesItem(
          new OrderLine()
              .lineId(Integer.toString(i + 1))
              .spuId(spus[i])
              .skuId(spus[i] + "-1")
              .quantity(1)
              .userPaid(BASE)
              .paymentSubsidy(0L)
              .influencerDiscount(0L)
              .platformDiscount(0L)
              .feeRateBp(500));
    }
    Fulfilment.place(server, order);
    return orderId;
  }

  /** The supplier accepts and ships its part, and the buyer receives it in the cycle. */
  private void deliver(HttpTestServer server, Account supplier, String orderId) {
    Fulfilment.deliver(server, supplier, orderId, cycle.atDay(15).atTime(10, 0).atOffset(SHANGHAI));
  }

  private static void refund(
      HttpTestServer server, String orderId, String lineId, OffsetDateTime refundedAt) {
    call(
        () ->
            new AfterSalesApi(server.client(INGEST))
                .refundLines(
                    orderId,
                    null,
                    new RefundRequest().lineIds(List.of(lineId)).refundedAt(refundedAt)));
  }

  private static void dispute(HttpTestServer server, String orderId, boolean open) {
    call(
        () ->
            new AfterSalesApi(server.client(INGEST))
                .setDispute(orderId, null, new DisputeRequest().lineIds(List.of("1")).open(open)));
  }

  private static void awaitStatus(
      HttpTestServer server, String orderId, OrderViewLine.StatusEnum status, int count) {
    Fulfilment.awaitLines(server, orderId, status, count);
  }

  private static QuarterIncentives agencyQuarter(
      HttpTestServer server, Account agency, String month) {
    return call(() -> new AgenciesApi(server.client(ADMIN)).getAgency(agency.id(), month))
        .getQuarter();
  }

  private static String flagOf(List<RiskFlag> flags, String orderId) {
    return flags.stream()
        .filter(flag -> flag.getOrderId().equals(orderId))
        .map(RiskFlag::getFlagId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no flag for " + orderId + " in " + flags));
  }
}
