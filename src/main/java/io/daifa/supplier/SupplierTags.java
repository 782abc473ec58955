package io.daifa.supplier;

import io.daifa.market.MarketTags;
import io.daifa.order.OrderTags;
import io.daifa.webhook.WebhookPayload;
import io.daifa.webhook.WebhookTags;
import java.util.HashSet;
import java.util.Set;

/**
 * The tags of a supplier's events, which decide the readers that see them: the market's feed, the
 * order read side, and this supplier's webhook worker.
 */
final class SupplierTags {

  private SupplierTags() {}

  /**
   * Only the events that change order lines feed the read side. Received dispatches are not among
   * them: the shop's event that created a dispatch already put it on the supplier's list. The
   * webhook worker sees a change of the webhook itself, and an event owed a delivery while one is
   * set ({@code webhookSet}, in the state that includes the event).
   */
  static Set<String> of(String supplierId, SupplierEvent event, boolean webhookSet) {
    if (event instanceof SupplierEvent.ListingChanged
        || event instanceof SupplierEvent.SalesTallied) {
      return MarketTags.TAGS;
    }
    Set<String> orderTags = changesOrderLines(event) ? OrderTags.forEntity(supplierId) : Set.of();
    if (!webhookOwed(event, webhookSet)) {
      return orderTags;
    }
    Set<String> tags = new HashSet<>(orderTags);
    tags.addAll(WebhookTags.forSupplier(supplierId));
    return tags;
  }

  private static boolean webhookOwed(SupplierEvent event, boolean webhookSet) {
    return event instanceof SupplierEvent.WebhookSet
        || event instanceof SupplierEvent.WebhookRemoved
        || event instanceof SupplierEvent.WebhookRedeliveryRequested
        || (webhookSet && WebhookPayload.isOwedFor(event));
  }

  private static boolean changesOrderLines(SupplierEvent event) {
    return event instanceof SupplierEvent.OrderAccepted
        || event instanceof SupplierEvent.OrderShipped
        || event instanceof SupplierEvent.OrderRejected
        || event instanceof SupplierEvent.LinesWithdrawn
        || event instanceof SupplierEvent.LogisticsReported
        || event instanceof SupplierEvent.OrderReceived
        || event instanceof SupplierEvent.LinesRefunded
        || event instanceof SupplierEvent.DisputeOpened
        || event instanceof SupplierEvent.DisputeClosed;
  }
}
