package io.daifa.supplier;

import io.daifa.common.CborSerializable;
import io.daifa.common.DedupWindow;
import io.daifa.common.EncodedMap;
import io.daifa.common.HybridTime;
import io.daifa.common.Persistent;
import io.daifa.market.Listing;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.OrderStatus;
import io.daifa.supplier.SupplierEvent.BindingRequestApproved;
import io.daifa.supplier.SupplierEvent.BindingRequestReceived;
import io.daifa.supplier.SupplierEvent.BindingRequestRejected;
import io.daifa.supplier.SupplierEvent.DispatchReceived;
import io.daifa.supplier.SupplierEvent.DispatchesReceived;
import io.daifa.supplier.SupplierEvent.NoticesConfirmed;
import io.daifa.supplier.SupplierEvent.OrderAccepted;
import io.daifa.supplier.SupplierEvent.OrderReceived;
import io.daifa.supplier.SupplierEvent.OrderRejected;
import io.daifa.supplier.SupplierEvent.OrderShipped;
import io.daifa.supplier.SupplierEvent.SupplierRegistered;
import io.daifa.webhook.WebhookEndpoint;
import io.daifa.wire.SupplierOrderCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pcollections.PMap;

/**
 * A supplier's state, immutable but for its open orders (an {@link EncodedMap}, each order kept in
 * its compact form) and the dispatches it has seen ({@link SeenDispatches}), both changed in place:
 * see {@link #copyForReaders}. It holds the binding requests, the dropship orders still open,
 * notices the shops have not acknowledged, and windows remembering dispatches seen and orders
 * closed.
 *
 * @param identity null until registered
 * @param openOrders keyed by {@link SupplierOrder#key(String, String)}: shop and order ID
 * @param closedOrders orders whose lines are all received, rejected or refunded, kept for a window
 *     so that after-sale refunds and disputes still find them
 */
public record SupplierState(
    String supplierId,
    String name,
    SupplierIdentity identity,
    Map<String, BindingRequest> requests,
    Map<String, SupplierOrder> openOrders,
    SeenDispatches seenDispatches,
    DedupWindow<SupplierOrder> closedOrders,
    Map<String, ShopNotice> pendingNotices,
    long noticeSeq,
    Instant lastAt,
    SupplierMarket market,
    SupplierScores scores,
    WebhookEndpoint webhook)
    implements CborSerializable {

  public SupplierState {
    requests = Persistent.map(requests);
    openOrders = EncodedMap.of(openOrders, SupplierOrderCodec.INSTANCE);
    pendingNotices = Persistent.map(pendingNotices);
    market = market == null ? SupplierMarket.EMPTY : market;
    scores = scores == null ? SupplierScores.EMPTY : scores;
  }

  /**
   * The time to stamp this supplier's next event with: the clock's, but never before a microsecond
   * after the last event it stamped ({@link HybridTime}); {@code lastAt} is null in a state from
   * before the field existed.
   */
  public Instant stamp(Clock clock) {
    return HybridTime.after(clock.instant(), lastAt);
  }

  /** This state having applied an event stamped {@code at}. */
  SupplierState stamped(Instant at) {
    Instant latest = HybridTime.latest(lastAt, at);
    if (latest == lastAt) {
      return this;
    }
    return new SupplierState(
        supplierId,
        name,
        identity,
        requests,
        openOrders,
        seenDispatches,
        closedOrders,
        pendingNotices,
        noticeSeq,
        latest,
        market,
        scores,
        webhook);
  }

  /** The open orders, changed in place by the event being applied (see {@link EncodedMap}). */
  private EncodedMap<SupplierOrder> open() {
    return (EncodedMap<SupplierOrder>) openOrders;
  }

  /**
   * The orders a snapshot of this state holds: open and recently closed ones, or the dispatches it
   * remembers (about one per order received in the window), whichever is more.
   */
  long ordersHeld() {
    return Math.max(openOrders().size() + closedOrders().size(), seenDispatches().size());
  }

  /**
   * This state with its own copy of the open orders and dispatches seen, which this entity goes on
   * changing: for a snapshot, or an answer read on another thread.
   */
  public SupplierState copyForReaders() {
    return new SupplierState(
        supplierId,
        name,
        identity,
        requests,
        open().copy(),
        seenDispatches.copy(),
        closedOrders,
        pendingNotices,
        noticeSeq,
        lastAt,
        market,
        scores,
        webhook);
  }

  public static SupplierState empty(String supplierId, Duration window) {
    return new SupplierState(
        supplierId,
        null,
        null,
        Map.of(),
        Map.of(),
        SeenDispatches.of(window),
        DedupWindow.of(window),
        Map.of(),
        0,
        null,
        SupplierMarket.EMPTY,
        SupplierScores.EMPTY,
        null);
  }

  public boolean isRegistered() {
    return identity != null;
  }

  /** Only an account registered as a supplier holds a supplier ID that can be bound. */
  public boolean isValidSupplier() {
    return identity == SupplierIdentity.SUPPLIER;
  }

  /** The shop's order, open or recently closed; null when this supplier does not have it. */
  public SupplierOrder order(String shopId, String orderId) {
    return order(SupplierOrder.key(shopId, orderId));
  }

  private SupplierOrder order(String key) {
    SupplierOrder open = openOrders.get(key);
    return open != null ? open : closedOrders.get(key);
  }

  public String nextNoticeId() {
    return "n" + (noticeSeq + 1);
  }

  public boolean hasSeen(DropshipDispatch dispatch) {
    return seenDispatches.contains(dispatch.shopId(), dispatch.dispatchId());
  }

  public SupplierState apply(SupplierEvent event) {
    if (event instanceof SupplierRegistered e) {
      return new SupplierState(
          supplierId,
          e.name(),
          e.identity(),
          requests,
          openOrders,
          seenDispatches,
          closedOrders,
          pendingNotices,
          noticeSeq,
          lastAt,
          market,
          scores,
          webhook);

    } else if (event instanceof BindingRequestReceived e) {
      return withRequests(
          pmap(requests)
              .plus(
                  e.requestId(),
                  new BindingRequest(
                      e.requestId(), e.shopId(), BindingRequest.Status.PENDING, e.at())));

    } else if (event instanceof BindingRequestApproved e) {
      return withRequest(e.requestId(), BindingRequest.Status.APPROVED)
          .withNotice(new ShopNotice.BindingApproved(e.noticeId(), e.shopId(), e.requestId()));

    } else if (event instanceof BindingRequestRejected e) {
      return withRequest(e.requestId(), BindingRequest.Status.REJECTED);

    } else if (event instanceof DispatchesReceived e) {
      long lines = 0;
      for (DropshipDispatch dispatch : e.dispatches()) {
        lines += dispatch.lines().size();
      }
      return applyDispatches(e.dispatches(), e.at())
          .withMarket(market.received(e.dispatches(), e.at()))
          .scored(e.at(), MonthScore.dispatched(lines));

    } else if (event instanceof DispatchReceived e) {
      return applyDispatches(List.of(e.dispatch()), e.at());

    } else if (event instanceof OrderAccepted e) {
      SupplierOrder order = openOrders.get(e.orderKey());
      int lines = e.lineIds().size();
      return withOrder(order.withStatus(e.lineIds(), OrderStatus.ACCEPTED), e)
          .scored(
              e.at(),
              MonthScore.accepted(
                  lines, lines * SupplierScores.secondsBetween(order.receivedAt(), e.at())));

    } else if (event instanceof OrderShipped e) {
      SupplierOrder order = openOrders.get(e.orderKey());
      int lines = e.lineIds().size();
      return withOrder(
              order
                  .withStatus(e.lineIds(), OrderStatus.SHIPPED)
                  .withTracking(e.carrier(), e.trackingNo()),
              e)
          .scored(
              e.at(),
              MonthScore.shipped(
                  lines, lines * SupplierScores.secondsBetween(order.receivedAt(), e.at())));

    } else if (event instanceof OrderRejected e) {
      return applyRejected(e);

    } else if (event instanceof SupplierEvent.LogisticsReported e) {
      SupplierOrder order = order(e.orderKey());
      SupplierState next =
          withOrder(
              order.withLogistics(new io.daifa.order.Logistics(e.status(), e.happenedAt())), e);
      if (e.status() != io.daifa.order.LogisticsStatus.DELIVERED) {
        return next;
      }
      boolean late =
          order.receivedAt() != null
              && e.happenedAt().isAfter(order.receivedAt().plus(SupplierScores.DELIVERY_PROMISE));
      return next.scored(e.at(), MonthScore.delivered(e.lineIds().size(), late));

    } else if (event instanceof SupplierEvent.LinesWithdrawn e) {
      return applyWithdrawn(e);

    } else if (event instanceof OrderReceived e) {
      return withOrder(
          openOrders.get(e.orderKey()).withStatus(e.lineIds(), OrderStatus.RECEIVED), e);

    } else if (event instanceof SupplierEvent.LinesRefunded e) {
      SupplierOrder refunded = order(e.orderKey());
      // A refund of an order forgotten here (closed before the de-dup window) changes no state:
      // it is recorded for the read side and the settlement.
      SupplierState next =
          refunded == null
              ? this
              : withOrder(refunded.withStatus(e.lineIds(), OrderStatus.REFUNDED), e);
      return next.scored(e.at(), MonthScore.refunded(e.lineIds().size()));
    } else if (event instanceof SupplierEvent.DisputeOpened e) {
      return withOrder(order(e.orderKey()).withStatus(e.lineIds(), OrderStatus.DISPUTED), e)
          .scored(e.at(), MonthScore.disputed(e.lineIds().size()));
    } else if (event instanceof SupplierEvent.DisputeClosed e) {
      return withOrder(
          order(e.orderKey()).withDisputesClosed(List.copyOf(e.restored().keySet())), e);
    } else if (event instanceof SupplierEvent.ListingChanged e) {
      return applyListingChanged(e);
    } else if (event instanceof SupplierEvent.ListingPicked e) {
      return withMarket(market.withPicker(e.spuId(), e.shopId()));
    } else if (event instanceof SupplierEvent.SalesTallied e) {
      return withMarket(market.withPublished(e.unitsBySpu()));
    } else if (event instanceof SupplierEvent.WebhookSet e) {
      return withWebhook(e.endpoint());
    } else if (event instanceof SupplierEvent.WebhookRemoved) {
      return withWebhook(null);
    } else if (event instanceof SupplierEvent.WebhookRedeliveryRequested) {
      return this;
    } else if (event instanceof NoticesConfirmed e) {
      return new SupplierState(
          supplierId,
          name,
          identity,
          requests,
          openOrders,
          seenDispatches,
          closedOrders,
          pmap(pendingNotices).minusAll(e.noticeIds()),
          noticeSeq,
          lastAt,
          market,
          scores,
          webhook);
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private SupplierState applyDispatches(List<DropshipDispatch> dispatches, Instant at) {
    EncodedMap<SupplierOrder> open = open();
    for (DropshipDispatch dispatch : dispatches) {
      String key = SupplierOrder.key(dispatch.shopId(), dispatch.orderId());
      SupplierOrder known = open.get(key);
      if (known == null) {
        open.storeEncoded(key, SupplierOrderCodec.INSTANCE.encodeFirstDispatch(dispatch, at));
      } else {
        open.store(key, known.withLines(dispatch.lines()));
      }
      seenDispatches.add(dispatch.shopId(), dispatch.dispatchId(), at);
    }
    return this;
  }

  private SupplierState applyRejected(OrderRejected e) {
    SupplierOrder order = openOrders.get(e.orderKey());
    ShopNotice notice =
        new ShopNotice.LinesRejected(
            e.noticeId(),
            order.shopId(),
            order.orderId(),
            order.agencyId(),
            order.paidAt(),
            order.linesOf(e.lineIds()),
            e.at());
    return withOrder(order.withStatus(e.lineIds(), OrderStatus.REJECTED), e)
        .withNotice(notice)
        .withMarket(market.rejected(order.linesOf(e.lineIds()), order.paidAt()))
        .scored(e.at(), MonthScore.rejected(e.lineIds().size()));
  }

  private SupplierState applyWithdrawn(SupplierEvent.LinesWithdrawn e) {
    SupplierOrder order = openOrders.get(e.orderKey());
    List<io.daifa.order.OrderLine> lines = order.linesOf(e.lineIds());
    ShopNotice notice =
        new ShopNotice.LinesWithdrawn(
            e.noticeId(),
            order.shopId(),
            order.orderId(),
            order.agencyId(),
            order.paidAt(),
            lines,
            e.at());
    return withOrder(order.withStatus(e.lineIds(), OrderStatus.WITHDRAWN), e)
        .withNotice(notice)
        .withMarket(market.rejected(lines, order.paidAt()));
  }

  /** Keeps the order open, or moves it to the closed window once nothing more can happen. */
  private SupplierState withOrder(SupplierOrder order, SupplierEvent e) {
    boolean closed = order.isClosed();
    if (closed) {
      open().drop(order.key());
    } else {
      open().store(order.key(), order);
    }
    return new SupplierState(
        supplierId,
        name,
        identity,
        requests,
        openOrders,
        seenDispatches,
        closed ? closedOrders.plus(order.key(), order, e.at()) : closedOrders,
        pendingNotices,
        noticeSeq,
        lastAt,
        market,
        scores,
        webhook);
  }

  private SupplierState withNotice(ShopNotice notice) {
    return new SupplierState(
        supplierId,
        name,
        identity,
        requests,
        openOrders,
        seenDispatches,
        closedOrders,
        pmap(pendingNotices).plus(notice.noticeId(), notice),
        noticeSeq + 1,
        lastAt,
        market,
        scores,
        webhook);
  }

  /**
   * A listing changed; if its commission rate did, every shop that picked it is owed a notice (sent
   * until acknowledged), so that its later orders carry the new rate.
   */
  private SupplierState applyListingChanged(SupplierEvent.ListingChanged e) {
    Listing before = market.listings().get(e.listing().spuId());
    SupplierState next = withMarket(market.withListing(e.listing()));
    if (before == null
        || e.listing().delisted()
        || before.commissionRateBp().equals(e.listing().commissionRateBp())) {
      return next;
    }
    for (String shopId : new TreeSet<>(market.pickersOf(e.listing().spuId()))) {
      next =
          next.withNotice(
              new ShopNotice.CommissionChanged(
                  next.nextNoticeId(),
                  shopId,
                  e.listing().productId(),
                  e.listing().commissionRateBp().value(),
                  e.at()));
    }
    return next;
  }

  /**
   * This state with {@code delta} counted in its scorecard, in the Shanghai month of {@code at}.
   */
  private SupplierState scored(Instant at, MonthScore delta) {
    return new SupplierState(
        supplierId,
        name,
        identity,
        requests,
        openOrders,
        seenDispatches,
        closedOrders,
        pendingNotices,
        noticeSeq,
        lastAt,
        market,
        scores.plus(at, delta),
        webhook);
  }

  private SupplierState withWebhook(WebhookEndpoint next) {
    return new SupplierState(
        supplierId,
        name,
        identity,
        requests,
        openOrders,
        seenDispatches,
        closedOrders,
        pendingNotices,
        noticeSeq,
        lastAt,
        market,
        scores,
        next);
  }

  private SupplierState withMarket(SupplierMarket next) {
    return new SupplierState(
        supplierId,
        name,
        identity,
        requests,
        openOrders,
        seenDispatches,
        closedOrders,
        pendingNotices,
        noticeSeq,
        lastAt,
        next,
        scores,
        webhook);
  }

  private SupplierState withRequest(String requestId, BindingRequest.Status status) {
    return withRequests(pmap(requests).plus(requestId, requests.get(requestId).withStatus(status)));
  }

  private SupplierState withRequests(Map<String, BindingRequest> next) {
    return new SupplierState(
        supplierId,
        name,
        identity,
        next,
        openOrders,
        seenDispatches,
        closedOrders,
        pendingNotices,
        noticeSeq,
        lastAt,
        market,
        scores,
        webhook);
  }

  /** The pending request of this shop, if it has one, so that re-applying answers it again. */
  public BindingRequest pendingRequestOf(String shopId) {
    return requests.values().stream()
        .filter(r -> r.shopId().equals(shopId) && r.status() == BindingRequest.Status.PENDING)
        .findFirst()
        .orElse(null);
  }

  public List<BindingRequest> requestsByAge() {
    return requests.values().stream()
        .sorted(
            Comparator.comparing(BindingRequest::createdAt)
                .thenComparing(BindingRequest::requestId))
        .toList();
  }

  private static <K, V> PMap<K, V> pmap(Map<K, V> map) {
    return Persistent.map(map);
  }
}
