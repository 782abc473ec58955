package io.daifa.supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.market.MarketTags;
import io.daifa.order.OrderStatus;
import io.daifa.order.OrderTags;
import io.daifa.webhook.WebhookTags;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which readers see which of a supplier's events. */
class SupplierTagsTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final String SUPPLIER = "sup_tags";

  private static final SupplierEvent ACCEPTED =
      new SupplierEvent.OrderAccepted(
          SUPPLIER, "shp_1", "o-1", List.of("1"), OrderStatus.ACCEPTED, T0);
  private static final SupplierEvent RECEIVED =
      new SupplierEvent.DispatchesReceived(SUPPLIER, List.of(), T0);

  @Test
  void shouldTagOrderChangesForTheReadSideAndWebhookOnesOnlyWhileAWebhookIsSet() {
    Set<String> orders = OrderTags.forEntity(SUPPLIER);
    Set<String> webhook = WebhookTags.forSupplier(SUPPLIER);
    Set<String> both = new HashSet<>(orders);
    both.addAll(webhook);

    assertEquals(orders, SupplierTags.of(SUPPLIER, ACCEPTED, false));
    assertEquals(orders, SupplierTags.of(SUPPLIER, ACCEPTED, true), "acceptance is not pushed");
    assertEquals(
        Set.of(),
        SupplierTags.of(SUPPLIER, RECEIVED, false),
        "the shop's event already put a dispatch on the read side");
    assertEquals(webhook, SupplierTags.of(SUPPLIER, RECEIVED, true));
    SupplierEvent refunded =
        new SupplierEvent.LinesRefunded(
            SUPPLIER, "shp_1", "o-1", List.of("1"), OrderStatus.REFUNDED, T0, T0);
    assertEquals(both, SupplierTags.of(SUPPLIER, refunded, true));
    assertEquals(
        webhook, SupplierTags.of(SUPPLIER, new SupplierEvent.WebhookRemoved(SUPPLIER, T0), false));
  }

  @Test
  void shouldTagTheMarketsEventsForTheMarketFeedOnly() {
    SupplierEvent tallied = new SupplierEvent.SalesTallied(SUPPLIER, Map.of(), Map.of(), T0);
    assertEquals(MarketTags.TAGS, SupplierTags.of(SUPPLIER, tallied, true));
  }
}
