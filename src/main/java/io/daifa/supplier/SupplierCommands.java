package io.daifa.supplier;

import io.daifa.common.Ack;
import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.HybridTime;
import io.daifa.common.Outcome;
import io.daifa.common.Rejection;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.OrderStatus;
import io.daifa.supplier.SupplierEvent.DispatchesReceived;
import io.daifa.supplier.SupplierEvent.OrderAccepted;
import io.daifa.supplier.SupplierEvent.OrderReceived;
import io.daifa.supplier.SupplierEvent.OrderRejected;
import io.daifa.supplier.SupplierEvent.OrderShipped;
import io.daifa.supplier.SupplierEvent.SupplierRegistered;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The supplier's decisions about itself and its dropship orders, free of actor plumbing: given the
 * state and a request, the event to persist or the reason to refuse. Orders move through the status
 * machine (SPEC §5) line by line: a request moves the lines that can make the move, and is refused,
 * naming the order's status, when the order as a whole cannot. {@link SupplierEntity} persists and
 * replies; after-sale requests are {@link SupplierAfterSale}'s.
 */
final class SupplierCommands {

  private final String supplierId;
  private final Clock clock;

  SupplierCommands(String supplierId, Clock clock) {
    this.supplierId = supplierId;
    this.clock = clock;
  }

  /** Registering twice changes nothing. */
  Decision<SupplierEvent, Ack> register(
      SupplierState state, String name, SupplierIdentity identity) {
    return state.isRegistered()
        ? Decision.answer(Outcome.done(Ack.INSTANCE))
        : Decision.persist(
            new SupplierRegistered(supplierId, name, identity, state.stamp(clock)), Ack.INSTANCE);
  }

  /**
   * The dispatches of one or more deliveries this supplier has not seen, once each (a delivery is
   * sent again until acknowledged, and may repeat one), as the event to persist; null when all are
   * known. Stamped after the shops' latest {@code sentAt}, so nothing here is dated before the
   * lines' routing.
   */
  DispatchesReceived receive(
      SupplierState state, List<DropshipDispatch> dispatches, Instant sentAt) {
    List<DropshipDispatch> received = new ArrayList<>();
    // A dispatch is its shop's and its ID: deliveries written together come from several shops.
    Set<List<String>> inDelivery = new HashSet<>();
    for (DropshipDispatch dispatch : dispatches) {
      if (!state.hasSeen(dispatch)
          && inDelivery.add(List.of(dispatch.shopId(), dispatch.dispatchId()))) {
        received.add(dispatch);
      }
    }
    return received.isEmpty()
        ? null
        : new DispatchesReceived(
            supplierId, received, HybridTime.after(state.stamp(clock), sentAt));
  }

  /** The supplier's scorecard of a Shanghai month. */
  Outcome<MonthScore> scorecard(SupplierState state, String month) {
    return state.isRegistered() ? Outcome.done(state.scores().month(month)) : unknownSupplier();
  }

  /** The answer to a question asked of a supplier ID nobody registered. */
  static <T> Outcome<T> unknownSupplier() {
    return Outcome.refused(ErrorCode.NOT_FOUND, "no such supplier");
  }

  Decision<SupplierEvent, Ack> accept(SupplierState state, String shopId, String orderId) {
    return transition(
        state,
        shopId,
        orderId,
        OrderStatus.ACCEPTED,
        (ids, status) ->
            new OrderAccepted(supplierId, shopId, orderId, ids, status, state.stamp(clock)));
  }

  Decision<SupplierEvent, Ack> ship(
      SupplierState state, String shopId, String orderId, String carrier, String trackingNo) {
    return transition(
        state,
        shopId,
        orderId,
        OrderStatus.SHIPPED,
        (ids, status) ->
            new OrderShipped(
                supplierId, shopId, orderId, ids, status, carrier, trackingNo, state.stamp(clock)));
  }

  /** The rejected lines go back to the shop by a notice, numbered here. */
  Decision<SupplierEvent, Ack> reject(
      SupplierState state, String shopId, String orderId, String reason) {
    return transition(
        state,
        shopId,
        orderId,
        OrderStatus.REJECTED,
        (ids, status) ->
            new OrderRejected(
                supplierId,
                shopId,
                orderId,
                ids,
                status,
                reason,
                state.nextNoticeId(),
                state.stamp(clock)));
  }

  /**
   * Withdraws the lines of {@code lineIds} that are still {@code ALLOCATED} (neither accepted nor
   * gone); they return to the shop by a notice. Nothing to withdraw is an empty answer, no event.
   */
  Decision<SupplierEvent, SupplierCommand.Withdrawn> withdraw(
      SupplierState state, String shopId, String orderId, List<String> lineIds) {
    SupplierOrder order = state.order(shopId, orderId);
    if (order == null) {
      return Decision.answer(Outcome.refused(ErrorCode.NOT_FOUND, "no order " + orderId + " here"));
    }
    List<String> withdrawing = new ArrayList<>();
    for (String lineId : new TreeSet<>(lineIds)) {
      SupplierOrder.SupplierLine line = order.lines().get(lineId);
      if (line != null && line.status() == OrderStatus.ALLOCATED) {
        withdrawing.add(lineId);
      }
    }
    SupplierCommand.Withdrawn answer = new SupplierCommand.Withdrawn(withdrawing);
    if (withdrawing.isEmpty()) {
      return Decision.answer(Outcome.done(answer));
    }
    return Decision.persist(
        new SupplierEvent.LinesWithdrawn(
            supplierId,
            shopId,
            orderId,
            withdrawing,
            order.withStatus(withdrawing, OrderStatus.WITHDRAWN).status(),
            state.nextNoticeId(),
            state.stamp(clock)),
        answer);
  }

  /**
   * Records the carrier's report of a shipped order: a later stage than the last report moves it
   * on; a repeat or an earlier stage changes nothing (reports may arrive twice or out of order). An
   * order not shipped yet has no carrier to report: refused naming its status.
   */
  Decision<SupplierEvent, Ack> reportLogistics(
      SupplierState state,
      String shopId,
      String orderId,
      LogisticsStatus status,
      Instant happenedAt) {
    SupplierOrder order = state.order(shopId, orderId);
    if (order == null) {
      return Decision.answer(Outcome.refused(ErrorCode.NOT_FOUND, "no order " + orderId + " here"));
    }
    List<String> shipped = order.shippedLineIds();
    if (shipped.isEmpty()) {
      return Decision.answer(
          Outcome.refused(
              ErrorCode.ILLEGAL_TRANSITION,
              "the order is " + order.status() + ": nothing of it has been shipped"));
    }
    if (order.logistics() != null && !order.logistics().isAdvancedBy(status)) {
      return Decision.answer(Outcome.done(Ack.INSTANCE));
    }
    return Decision.persist(
        new SupplierEvent.LogisticsReported(
            supplierId, shopId, orderId, shipped, status, happenedAt, state.stamp(clock)),
        Ack.INSTANCE);
  }

  /**
   * The buyer received the order: never before the carrier delivered it, when the carrier said when
   * (a receipt dated earlier is refused, naming the delivery).
   */
  Decision<SupplierEvent, Ack> confirmReceipt(
      SupplierState state, String shopId, String orderId, Instant receivedAt) {
    SupplierOrder known = state.order(shopId, orderId);
    Instant deliveredAt = known == null ? null : known.deliveredAt();
    if (deliveredAt != null && receivedAt.isBefore(deliveredAt)) {
      return Decision.answer(
          Outcome.refused(
              Rejection.invalid(
                  "receivedAt", "is before the carrier delivered the order at " + deliveredAt)));
    }
    return transition(
        state,
        shopId,
        orderId,
        OrderStatus.RECEIVED,
        (ids, status) ->
            new OrderReceived(
                supplierId, shopId, orderId, ids, status, receivedAt, state.stamp(clock)));
  }

  /**
   * Moves the lines of an open order that can become {@code target}; refused, naming the order's
   * status, when the order itself cannot.
   */
  private Decision<SupplierEvent, Ack> transition(
      SupplierState state,
      String shopId,
      String orderId,
      OrderStatus target,
      BiFunction<List<String>, OrderStatus, SupplierEvent> event) {
    SupplierOrder order = state.order(shopId, orderId);
    if (order == null || order.isClosed()) {
      return Decision.answer(
          order == null
              ? Outcome.refused(ErrorCode.NOT_FOUND, "no order " + orderId + " here")
              : illegal(order.status()));
    }
    if (!order.status().canBecome(target)) {
      return Decision.answer(illegal(order.status()));
    }
    List<String> moving = order.lineIdsThatCanBecome(target);
    return Decision.persist(
        event.apply(moving, order.withStatus(moving, target).status()), Ack.INSTANCE);
  }

  private static Outcome<Ack> illegal(OrderStatus current) {
    return Outcome.refused(ErrorCode.ILLEGAL_TRANSITION, "the order is " + current);
  }
}
