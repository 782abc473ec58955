package io.daifa.supplier;

import io.daifa.common.CborSerializable;
import io.daifa.market.Listing;
import io.daifa.market.SalesTally;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.OrderStatus;
import io.daifa.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything that happens to a supplier. Class names are a persisted contract: rename only with a
 * Jackson migration.
 */
public sealed interface SupplierEvent extends CborSerializable {

  String supplierId();

  Instant at();

  /**
   * An event about one of the supplier's orders. An order is the shop's and its platform order ID
   * together: two shops may use the same order ID, and they never meet here.
   */
  sealed interface OrderEvent extends SupplierEvent {

    String shopId();

    String orderId();

    default String orderKey() {
      return SupplierOrder.key(shopId(), orderId());
    }
  }

  record SupplierRegistered(String supplierId, String name, SupplierIdentity identity, Instant at)
      implements SupplierEvent {}

  record BindingRequestReceived(String supplierId, String requestId, String shopId, Instant at)
      implements SupplierEvent {}

  /** Approved; {@code noticeId} tells the shop, at least once. */
  record BindingRequestApproved(
      String supplierId, String requestId, String shopId, String noticeId, Instant at)
      implements SupplierEvent {}

  record BindingRequestRejected(String supplierId, String requestId, String shopId, Instant at)
      implements SupplierEvent {}

  /**
   * The new dispatches of one delivery from a shop, stored in one write: the unit of storage of a
   * supplier's intake. Dispatches the supplier had seen are not in it.
   */
  record DispatchesReceived(String supplierId, List<DropshipDispatch> dispatches, Instant at)
      implements SupplierEvent {
    public DispatchesReceived {
      dispatches = List.copyOf(dispatches);
    }
  }

  /**
   * One dispatch as an event of its own: what suppliers wrote before deliveries became one event
   * ({@link DispatchesReceived}). Still read from older journals; no longer written.
   */
  record DispatchReceived(String supplierId, DropshipDispatch dispatch, Instant at)
      implements SupplierEvent {}

  /**
   * The four transitions below carry {@code orderStatus}, the status of the supplier's whole order
   * afterwards, so that the read side need not rebuild the order to know it.
   */
  record OrderAccepted(
      String supplierId,
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      Instant at)
      implements OrderEvent {}

  record OrderShipped(
      String supplierId,
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      String carrier,
      String trackingNo,
      Instant at)
      implements OrderEvent {}

  /** Rejected lines go back to the shop's manual queue through notice {@code noticeId}. */
  record OrderRejected(
      String supplierId,
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      String reason,
      String noticeId,
      Instant at)
      implements OrderEvent {}

  /**
   * The shop took back lines not accepted yet, to route them under its new rules: they return to it
   * through notice {@code noticeId}, as rejected lines do, and leave this supplier's figures.
   */
  record LinesWithdrawn(
      String supplierId,
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      String noticeId,
      Instant at)
      implements OrderEvent {}

  /**
   * The carrier's latest report of a shipped order ({@code happenedAt} is the carrier's time); the
   * shipped lines ({@code lineIds}) show it, and a receipt is checked against its delivery.
   */
  record LogisticsReported(
      String supplierId,
      String shopId,
      String orderId,
      List<String> lineIds,
      LogisticsStatus status,
      Instant happenedAt,
      Instant at)
      implements OrderEvent {}

  record OrderReceived(
      String supplierId,
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      Instant receivedAt,
      Instant at)
      implements OrderEvent {}

  /** After-sale refund of lines (final); {@code orderStatus} as for the transitions above. */
  record LinesRefunded(
      String supplierId,
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      Instant refundedAt,
      Instant at)
      implements OrderEvent {}

  record DisputeOpened(
      String supplierId,
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      Instant at)
      implements OrderEvent {}

  /** {@code restored}: each line and the status it returned to. */
  record DisputeClosed(
      String supplierId,
      String shopId,
      String orderId,
      Map<String, OrderStatus> restored,
      OrderStatus orderStatus,
      Instant at)
      implements OrderEvent {}

  /**
   * A product listed in the market, its terms changed, or withdrawn: the whole listing as it now
   * stands (the market's index takes the latest). Tagged for the market's feed.
   */
  record ListingChanged(String supplierId, Listing listing, Instant at) implements SupplierEvent {}

  /** A shop picked the SPU's product: it hears of the product's commission rate changing. */
  record ListingPicked(String supplierId, String spuId, String shopId, Instant at)
      implements SupplierEvent {}

  /**
   * The units sold in the last 30 days of each listed SPU whose figure changed since the last
   * tally, and their day slots ({@code daysBySpu}), with which the market lets the figure slide on
   * the days the supplier reports nothing: how sales reach the market, at most once a tally
   * interval, never per order.
   */
  record SalesTallied(
      String supplierId,
      Map<String, Long> unitsBySpu,
      Map<String, SalesTally.Days> daysBySpu,
      Instant at)
      implements SupplierEvent {
    public SalesTallied {
      daysBySpu = daysBySpu == null ? Map.of() : daysBySpu;
    }
  }

  /**
   * The supplier's webhook endpoint and secret, replacing any earlier one. From this event on, the
   * events it owes a delivery are tagged for the webhook workers ({@code WebhookTags}).
   */
  record WebhookSet(String supplierId, WebhookEndpoint endpoint, Instant at)
      implements SupplierEvent {}

  /** The supplier takes no more webhooks; deliveries still pending fail. */
  record WebhookRemoved(String supplierId, Instant at) implements SupplierEvent {}

  /**
   * The supplier asked for delivery {@code deliverySeq} (the sequence number of the event it came
   * from) to be sent again: the journal carries the request to whichever node delivers it.
   */
  record WebhookRedeliveryRequested(String supplierId, long deliverySeq, Instant at)
      implements SupplierEvent {}

  record NoticesConfirmed(String supplierId, List<String> noticeIds, Instant at)
      implements SupplierEvent {}
}
