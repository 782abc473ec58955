package io.daifa.supplier;

import io.daifa.order.Logistics;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an order a supplier holds, with a status per line: lines can arrive in more than one
 * dispatch (a queued line assigned later), and a rejected line can come back.
 *
 * @param lines line ID to line, in no particular order
 * @param logistics the latest report of the carrier once shipped; null before one
 * @param receivedAt when its first dispatch reached the supplier, from which the scorecard times
 *     acceptance, shipping and delivery; null for orders received before it was kept
 */
public record SupplierOrder(
    String orderId,
    String shopId,
    String agencyId,
    Instant paidAt,
    Map<String, SupplierLine> lines,
    String carrier,
    String trackingNo,
    Logistics logistics,
    Instant receivedAt) {

  /** {@code beforeDispute} is where a disputed line returns when the dispute closes. */
  public record SupplierLine(OrderLine line, OrderStatus status, OrderStatus beforeDispute) {

    SupplierLine withStatus(OrderStatus next) {
      return next == OrderStatus.DISPUTED
          ? new SupplierLine(line, next, status)
          : new SupplierLine(line, next, null);
    }
  }

  /**
   * The lines are an immutable map copied whole on each change: an order has few lines, and every
   * open order holds its map for as long as it is open, where a persistent map cost about 110 bytes
   * of heap per line more (in the in-memory pipeline, a fifth of the live heap).
   */
  public SupplierOrder {
    lines = Map.copyOf(lines);
  }

  /**
   * How a supplier keys its orders: by shop and order ID, since platform order IDs are unique only
   * within a shop. A shop ID never holds a '/'.
   */
  public static String key(String shopId, String orderId) {
    return shopId + '/' + orderId;
  }

  public String key() {
    return key(shopId, orderId);
  }

  SupplierOrder withLines(List<OrderLine> added) {
    Map<String, SupplierLine> next = new HashMap<>(lines);
    for (OrderLine line : added) {
      next.put(line.lineId(), new SupplierLine(line, OrderStatus.ALLOCATED, null));
    }
    return withLineMap(next);
  }

  private SupplierOrder withLineMap(Map<String, SupplierLine> next) {
    return new SupplierOrder(
        orderId, shopId, agencyId, paidAt, next, carrier, trackingNo, logistics, receivedAt);
  }

  /**
   * The order's status: {@code DISPUTED} while any line is (an open dispute is what the supplier
   * must see first); otherwise that of its least advanced line still in progress here; when none
   * is, {@code REFUNDED} if a line was refunded, else {@code REJECTED}, or {@code WITHDRAWN} when
   * every line was withdrawn.
   */
  public OrderStatus status() {
    return statusOf(lines.values().stream().map(SupplierLine::status).toList());
  }

  /**
   * The status of an order whose lines have {@code lineStatuses}: disputed if any line is, else the
   * least advanced of the lines still going, else refunded or rejected.
   */
  public static OrderStatus statusOf(Iterable<OrderStatus> lineStatuses) {
    OrderStatus least = null;
    boolean refunded = false;
    boolean rejected = false;
    boolean withdrawn = false;
    for (OrderStatus s : lineStatuses) {
      if (s == OrderStatus.DISPUTED) {
        return s;
      }
      refunded |= s == OrderStatus.REFUNDED;
      rejected |= s == OrderStatus.REJECTED;
      withdrawn |= s == OrderStatus.WITHDRAWN;
      if (!s.hasLeftSupplier()
          && s != OrderStatus.REFUNDED
          && (least == null || s.ordinal() < least.ordinal())) {
        least = s;
      }
    }
    if (least != null) {
      return least;
    }
    return refunded
        ? OrderStatus.REFUNDED
        : withdrawn && !rejected ? OrderStatus.WITHDRAWN : OrderStatus.REJECTED;
  }

  /** The IDs of the lines whose status can become {@code target}, sorted. */
  public List<String> lineIdsThatCanBecome(OrderStatus target) {
    List<String> ids = new ArrayList<>();
    lines.forEach(
        (id, line) -> {
          if (line.status().canBecome(target)) {
            ids.add(id);
          }
        });
    ids.sort(null);
    return ids;
  }

  public List<OrderLine> linesOf(List<String> lineIds) {
    return lineIds.stream().map(id -> lines.get(id).line()).toList();
  }

  SupplierOrder withStatus(List<String> lineIds, OrderStatus status) {
    Map<String, SupplierLine> next = new HashMap<>(lines);
    for (String id : lineIds) {
      next.put(id, next.get(id).withStatus(status));
    }
    return withLineMap(next);
  }

  /** Closes the disputes of these lines: each returns to its status before the dispute. */
  SupplierOrder withDisputesClosed(List<String> lineIds) {
    Map<String, SupplierLine> next = new HashMap<>(lines);
    for (String id : lineIds) {
      SupplierLine line = next.get(id);
      next.put(id, new SupplierLine(line.line(), line.beforeDispute(), null));
    }
    return withLineMap(next);
  }

  /** The statuses the lines have now, for the read side. */
  public Map<String, OrderStatus> statusesOf(List<String> lineIds) {
    Map<String, OrderStatus> statuses = new java.util.TreeMap<>();
    for (String id : lineIds) {
      statuses.put(id, lines.get(id).status());
    }
    return statuses;
  }

  SupplierOrder withLogistics(Logistics next) {
    return new SupplierOrder(
        orderId, shopId, agencyId, paidAt, lines, carrier, trackingNo, next, receivedAt);
  }

  /** When the carrier delivered the order, or null until it reports so. */
  public java.time.Instant deliveredAt() {
    return logistics != null && logistics.status() == LogisticsStatus.DELIVERED
        ? logistics.at()
        : null;
  }

  /** The IDs of the lines the supplier has shipped (shipped, received, disputed), sorted. */
  public List<String> shippedLineIds() {
    List<String> ids = new ArrayList<>();
    lines.forEach(
        (id, line) -> {
          OrderStatus status = line.status();
          if (status == OrderStatus.SHIPPED
              || status == OrderStatus.RECEIVED
              || status == OrderStatus.DISPUTED) {
            ids.add(id);
          }
        });
    ids.sort(null);
    return ids;
  }

  SupplierOrder withTracking(String carrier, String trackingNo) {
    return new SupplierOrder(
        orderId, shopId, agencyId, paidAt, lines, carrier, trackingNo, logistics, receivedAt);
  }

  /** Every line is received, rejected or refunded: nothing more is expected of the supplier. */
  boolean isClosed() {
    return lines.values().stream().allMatch(l -> l.status().isSettledAtSupplier());
  }
}
