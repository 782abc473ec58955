package io.daifa.supplier;

import io.daifa.common.Ack;
import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.Rejection;
import io.daifa.order.OrderStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The supplier's after-sale decisions, free of actor plumbing: given the state and a request, the
 * event to persist, nothing (the request is already satisfied, so a repeat changes nothing), or the
 * reason to refuse. Works on open orders and on those still in the closed window.
 */
final class SupplierAfterSale {

  private final String supplierId;
  private final Clock clock;

  SupplierAfterSale(String supplierId, Clock clock) {
    this.supplierId = supplierId;
    this.clock = clock;
  }

  /**
   * Refunds lines of an order this supplier may no longer hold (closed longer ago than its window):
   * the router checked on the read side that they can be refunded and what the order's status
   * becomes. An order still held is refunded as by {@link #refund}.
   */
  Decision<SupplierEvent, Ack> refundForgotten(
      SupplierState state,
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      Instant refundedAt) {
    if (state.order(shopId, orderId) != null) {
      return refund(state, shopId, orderId, lineIds, refundedAt);
    }
    return Decision.persist(
        new SupplierEvent.LinesRefunded(
            supplierId, shopId, orderId, lineIds, orderStatus, refundedAt, state.stamp(clock)),
        Ack.INSTANCE);
  }

  /**
   * Refunds the lines not refunded yet; a line that cannot be refunded (rejected here) refuses the
   * whole request.
   */
  Decision<SupplierEvent, Ack> refund(
      SupplierState state,
      String shopId,
      String orderId,
      List<String> lineIds,
      Instant refundedAt) {
    Outcome<SupplierOrder> found = order(state, shopId, orderId, lineIds);
    if (found instanceof Outcome.Refused<SupplierOrder> refused) {
      return Decision.answer(Outcome.refused(refused.rejection()));
    }
    SupplierOrder order = found.orThrow();
    List<String> moving = new ArrayList<>();
    for (String lineId : lineIds) {
      OrderStatus status = order.lines().get(lineId).status();
      if (status == OrderStatus.REFUNDED) {
        continue;
      }
      if (!status.canBecome(OrderStatus.REFUNDED)) {
        return illegalLine(lineId, status);
      }
      moving.add(lineId);
    }
    if (moving.isEmpty()) {
      return Decision.answer(Outcome.done(Ack.INSTANCE));
    }
    OrderStatus after = order.withStatus(moving, OrderStatus.REFUNDED).status();
    return Decision.persist(
        new SupplierEvent.LinesRefunded(
            supplierId, shopId, orderId, moving, after, refundedAt, state.stamp(clock)),
        Ack.INSTANCE);
  }

  /** Opens a dispute on shipped or received lines, or closes the open ones. */
  Decision<SupplierEvent, Ack> dispute(
      SupplierState state, String shopId, String orderId, List<String> lineIds, boolean open) {
    Outcome<SupplierOrder> found = order(state, shopId, orderId, lineIds);
    if (found instanceof Outcome.Refused<SupplierOrder> refused) {
      return Decision.answer(Outcome.refused(refused.rejection()));
    }
    SupplierOrder order = found.orThrow();
    List<String> moving = new ArrayList<>();
    for (String lineId : lineIds) {
      OrderStatus status = order.lines().get(lineId).status();
      if (open && status != OrderStatus.DISPUTED) {
        if (!status.canBecome(OrderStatus.DISPUTED)) {
          return illegalLine(lineId, status);
        }
        moving.add(lineId);
      } else if (!open && status == OrderStatus.DISPUTED) {
        moving.add(lineId);
      }
    }
    if (moving.isEmpty()) {
      return Decision.answer(Outcome.done(Ack.INSTANCE));
    }
    Instant now = state.stamp(clock);
    if (open) {
      OrderStatus after = order.withStatus(moving, OrderStatus.DISPUTED).status();
      return Decision.persist(
          new SupplierEvent.DisputeOpened(supplierId, shopId, orderId, moving, after, now),
          Ack.INSTANCE);
    }
    SupplierOrder closed = order.withDisputesClosed(moving);
    return Decision.persist(
        new SupplierEvent.DisputeClosed(
            supplierId, shopId, orderId, closed.statusesOf(moving), closed.status(), now),
        Ack.INSTANCE);
  }

  private static Outcome<SupplierOrder> order(
      SupplierState state, String shopId, String orderId, List<String> lineIds) {
    SupplierOrder order = state.order(shopId, orderId);
    if (order == null) {
      return Outcome.refused(ErrorCode.NOT_FOUND, "no order " + orderId + " here");
    }
    for (String lineId : lineIds) {
      if (!order.lines().containsKey(lineId)) {
        return Outcome.refused(
            Rejection.invalid("lineIds", "line " + lineId + " is not part of this order here"));
      }
    }
    return Outcome.done(order);
  }

  private static Decision<SupplierEvent, Ack> illegalLine(String lineId, OrderStatus current) {
    return Decision.answer(
        Outcome.refused(ErrorCode.ILLEGAL_TRANSITION, "line " + lineId + " is " + current));
  }
}
