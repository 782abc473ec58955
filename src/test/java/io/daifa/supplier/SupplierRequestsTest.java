package io.daifa.supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.market.Listing;
import io.daifa.webhook.WebhookEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each supplier request reaches its own decision; those that may owe shops a notice say so. */
class SupplierRequestsTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final String SUPPLIER = "sup_requests";

  private final TestClock clock = new TestClock(T0);
  private final SupplierRequests requests =
      new SupplierRequests(
          new SupplierCommands(SUPPLIER, clock),
          new SupplierBindings(SUPPLIER, clock),
          new SupplierAfterSale(SUPPLIER, clock),
          new SupplierListings(SUPPLIER, clock),
          new SupplierWebhooks(SUPPLIER, clock),
          () -> "req_fixed");

  @Test
  void aBindingRequestTakesItsIdFromTheEntitysGenerator() {
    SupplierState registered = registered();
    Decision<SupplierEvent, BindingRequest> applied =
        requests.decide(registered, new SupplierCommand.RequestBinding("shp_1", null));
    assertInstanceOf(SupplierEvent.BindingRequestReceived.class, applied.event());
    BindingRequest request =
        (BindingRequest) assertInstanceOf(Outcome.Done.class, applied.answer()).value();
    assertEquals("req_fixed", request.requestId());
    assertEquals("shp_1", request.shopId());
  }

  @Test
  void onlyRequestsThatMayOweShopsANoticeSendNoticesAfterTheirWrite() {
    assertTrue(
        SupplierRequests.notifiesShops(
            new SupplierCommand.RejectOrder("shp_1", "o-1", "out of stock", null)));
    assertTrue(
        SupplierRequests.notifiesShops(new SupplierCommand.DecideBindingRequest("r", true, null)));
    assertFalse(
        SupplierRequests.notifiesShops(
            new SupplierCommand.RefundLines("shp_1", "o-1", List.of("1"), T0, null)));
    assertFalse(SupplierRequests.notifiesShops(new SupplierCommand.RequestBinding("shp_1", null)));
  }

  @Test
  void readsAreRequestsThatStoreNothing() {
    SupplierState registered = registered();

    Decision<SupplierEvent, SupplierStats> stats =
        requests.decide(registered, new SupplierCommand.GetStats("2026-11", null));
    assertNull(stats.event());
    SupplierStats month =
        (SupplierStats) assertInstanceOf(Outcome.Done.class, stats.answer()).value();
    assertEquals(SUPPLIER, month.supplierId());
    assertEquals(0, month.gmv());

    Decision<SupplierEvent, Listing> listing =
        requests.decide(registered, new SupplierCommand.GetListing("spu_none", null));
    assertNull(listing.event());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertInstanceOf(Outcome.Refused.class, listing.answer()).rejection().code());

    Decision<SupplierEvent, WebhookEndpoint> webhook =
        requests.decide(registered, new SupplierCommand.GetWebhook(null));
    assertNull(webhook.event());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertInstanceOf(Outcome.Refused.class, webhook.answer()).rejection().code());

    Decision<SupplierEvent, MonthScore> score =
        requests.decide(registered, new SupplierCommand.GetScorecard("2026-11", null));
    assertNull(score.event());
    assertEquals(
        0,
        ((MonthScore) assertInstanceOf(Outcome.Done.class, score.answer()).value()).dispatched());
  }

  private SupplierState registered() {
    SupplierState empty = SupplierState.empty(SUPPLIER, Duration.ofHours(72));
    return empty.apply(
        requests
            .decide(empty, new SupplierCommand.Register("Tea Co", SupplierIdentity.SUPPLIER, null))
            .event());
  }
}
