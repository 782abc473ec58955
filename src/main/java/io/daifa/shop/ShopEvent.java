package io.daifa.shop;

import io.daifa.common.CborSerializable;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.RouteDecision;
import java.time.Instant;
import java.util.List;

/**
 * Everything that happens to a shop. Class names are a persisted contract: rename only with a
 * Jackson migration. Events carry the shop ID and their time, never an actor reference.
 */
public sealed interface ShopEvent extends CborSerializable {

  String shopId();

  Instant at();

  /** The orders an event routed: those of a batch, a legacy single order, or none. */
  static List<RoutedOrder> routedOrders(Object event) {
    if (event instanceof OrdersRouted batch) {
      return batch.orders();
    } else if (event instanceof OrderRouted single) {
      return List.of(
          new RoutedOrder(
              single.order(), single.fingerprint(), single.dispatches(), single.queued()));
    }
    return List.of();
  }

  record ShopRegistered(String shopId, String name, Instant at) implements ShopEvent {}

  record InviteCreated(String shopId, String token, Instant expiresAt, Instant at)
      implements ShopEvent {}

  /**
   * @param reference the invite token or the binding request ID
   * @param noticeId the supplier's notice that announced an approval, null for invites
   */
  record SupplierBound(
      String shopId,
      String supplierId,
      BindingVia via,
      String reference,
      String noticeId,
      Instant at)
      implements ShopEvent {}

  record SupplierUnbound(String shopId, String supplierId, Instant at) implements ShopEvent {}

  /** {@code backups}: of the whole-shop supplier; null in events from before backups. */
  record AllocationModeChanged(
      String shopId, AllocationMode mode, String supplierId, Instant at, List<String> backups)
      implements ShopEvent {
    public AllocationModeChanged {
      backups = backups == null ? List.of() : List.copyOf(backups);
    }
  }

  /** {@code backups}: suppliers to try in turn after a rejection; null before backups existed. */
  record ProductRouteSet(
      String shopId, String spuId, String supplierId, Instant at, List<String> backups)
      implements ShopEvent {
    public ProductRouteSet {
      backups = backups == null ? List.of() : List.copyOf(backups);
    }
  }

  /** A rule for one SKU of an SPU, which wins over the SPU's rule. */
  record SkuRouteSet(
      String shopId,
      String spuId,
      String skuId,
      String supplierId,
      List<String> backups,
      Instant at)
      implements ShopEvent {
    public SkuRouteSet {
      backups = List.copyOf(backups);
    }
  }

  /** The SKU's lines follow its SPU's rule again. */
  record SkuRouteRemoved(String shopId, String spuId, String skuId, Instant at)
      implements ShopEvent {}

  record ProductRouteRemoved(String shopId, String spuId, Instant at) implements ShopEvent {}

  /**
   * A market product picked: the shop binds its supplier on the spot if it was not bound ({@code
   * binds}; the listing was the supplier's consent), routes the SPU to it, and lists the product
   * among its goods. One event, so that the three happen together or not at all.
   */
  record ProductPicked(String shopId, MarketPick pick, boolean binds, Instant at)
      implements ShopEvent {}

  /** The supplier changed a picked product's commission rate: later orders carry the new rate. */
  record PickCommissionChanged(
      String shopId, String noticeId, String productId, int commissionRateBp, Instant at)
      implements ShopEvent {}

  /** A pick withdrawn; {@code removesRoute}: its SPU was still routed to the product's supplier. */
  record ProductUnpicked(
      String shopId, String productId, String spuId, boolean removesRoute, Instant at)
      implements ShopEvent {}

  /**
   * A batch of paid orders, routed in one write: the unit of storage of intake. Each order carries
   * its dispatches (one per supplier; their IDs follow the shop's dispatch sequence) and its lines
   * queued for manual allocation. {@code confirmedDispatchIds} are dispatches their suppliers
   * acknowledged since the shop's last write, confirmed in this same write.
   *
   * <p>The shop hands the batch to the read side itself (untagged, {@link ShopReadFeed}); {@code
   * readSideThrough} records that every batch of the shop up to that sequence number is projected,
   * so that a recovery sends again only the ones after it. A batch written before the direct feed
   * was tagged and read by the tag projection: it reads back as {@link #TAGGED}.
   */
  record OrdersRouted(
      String shopId,
      List<RoutedOrder> orders,
      List<String> confirmedDispatchIds,
      long readSideThrough,
      Instant at)
      implements ShopEvent {

    /** The {@code readSideThrough} of a batch the tag projection reads. */
    public static final long TAGGED = -1;

    public OrdersRouted {
      orders = List.copyOf(orders);
      confirmedDispatchIds = List.copyOf(confirmedDispatchIds);
    }

    /** A batch as written before the direct feed: tagged, for the tag projection. */
    public OrdersRouted(
        String shopId, List<RoutedOrder> orders, List<String> confirmedDispatchIds, Instant at) {
      this(shopId, orders, confirmedDispatchIds, TAGGED, at);
    }

    /** Whether the shop feeds this batch to the read side itself (not through a tag). */
    public boolean fedDirectly() {
      return readSideThrough != TAGGED;
    }
  }

  /**
   * One paid order, routed, as an event of its own: what shops wrote before intake batches became
   * one event ({@link OrdersRouted}). Still read from older journals; no longer written.
   */
  record OrderRouted(
      String shopId,
      Order order,
      long fingerprint,
      List<DropshipDispatch> dispatches,
      List<QueuedLine> queued,
      Instant at)
      implements ShopEvent {}

  /** A line assigned by hand before its order arrived; routing will follow the assignment. */
  record LineAssignmentRecorded(
      String shopId, String orderId, String lineId, String supplierId, Instant at)
      implements ShopEvent {}

  /** A queued line assigned by hand, on its way to the supplier. */
  record QueuedLineDispatched(String shopId, DropshipDispatch dispatch, Instant at)
      implements ShopEvent {}

  /**
   * A supplier rejected lines it had been sent, or gave back lines the shop withdrew ({@code
   * withdrawn}). A rejected line whose rule names a backup after the supplier goes to that backup;
   * a withdrawn line is routed under the shop's rules as they are now ({@code rerouted}: dispatches
   * that follow the shop's sequence, null in events from before backups; {@code decisions}: the
   * rule of each of their lines for a withdrawal, empty for backups). The other lines wait in the
   * manual queue ({@code lines}).
   */
  record LinesReturned(
      String shopId,
      String noticeId,
      String supplierId,
      List<QueuedLine> lines,
      Instant at,
      List<DropshipDispatch> rerouted,
      List<RouteDecision> decisions,
      boolean withdrawn)
      implements ShopEvent {
    public LinesReturned {
      lines = List.copyOf(lines);
      rerouted = rerouted == null ? List.of() : List.copyOf(rerouted);
      decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /** Lines a supplier rejected: queued, or sent to backups. */
    public LinesReturned(
        String shopId,
        String noticeId,
        String supplierId,
        List<QueuedLine> lines,
        Instant at,
        List<DropshipDispatch> rerouted) {
      this(shopId, noticeId, supplierId, lines, at, rerouted, List.of(), false);
    }
  }

  /** Lines refunded while still waiting for manual allocation: they leave the queue. */
  record QueuedLinesRefunded(String shopId, String orderId, List<String> lineIds, Instant at)
      implements ShopEvent {}

  /** Suppliers acknowledged these dispatches: no more redelivery. */
  record DispatchesConfirmed(String shopId, List<String> dispatchIds, Instant at)
      implements ShopEvent {}
}
