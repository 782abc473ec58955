package io.daifa.shop;

import io.daifa.common.Ack;
import io.daifa.common.Decision;
import io.daifa.common.EntitySettings;
import io.daifa.common.ErrorCode;
import io.daifa.common.InviteToken;
import io.daifa.common.Outcome;
import io.daifa.common.Rejection;
import io.daifa.market.ProductId;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderValidation;
import io.daifa.routing.AllocationRejection;
import io.daifa.routing.AllocationTable;
import io.daifa.routing.DropshipGroup;
import io.daifa.routing.ManualLine;
import io.daifa.routing.ManualReason;
import io.daifa.routing.RouteDecision;
import io.daifa.routing.RoutingResult;
import io.daifa.shop.ShopCommand.InviteIssued;
import io.daifa.shop.ShopEvent.InviteCreated;
import io.daifa.shop.ShopEvent.LineAssignmentRecorded;
import io.daifa.shop.ShopEvent.LinesReturned;
import io.daifa.shop.ShopEvent.QueuedLineDispatched;
import io.daifa.shop.ShopEvent.SupplierBound;
import io.daifa.shop.ShopState.Invite;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shop's decisions, free of actor plumbing: given the state and a request, the events to
 * persist or the reason to refuse. {@link ShopEntity} persists and replies.
 */
final class ShopCommands {

  private final String shopId;
  private final EntitySettings settings;
  private final Clock clock;

  ShopCommands(String shopId, EntitySettings settings, Clock clock) {
    this.shopId = shopId;
    this.settings = settings;
    this.clock = clock;
  }

  /** The result of a batch of orders: the orders routed, with an outcome per order. */
  record Intake(
      List<RoutedOrder> routed,
      List<Outcome<OrderReceipt>> outcomes,
      List<DropshipDispatch> dispatches) {}

  static <T> Outcome<T> refusal(AllocationRejection rejection) {
    ErrorCode code =
        switch (rejection.code()) {
          case MODE_CONFLICT -> ErrorCode.MODE_CONFLICT;
          case NOT_BOUND -> ErrorCode.NOT_BOUND;
          case VALIDATION -> ErrorCode.VALIDATION;
        };
    return Outcome.refused(new Rejection(code, rejection.detail(), rejection.field()));
  }

  Decision<ShopEvent, InviteIssued> createInvite(ShopState state) {
    if (!state.isRegistered()) {
      return Decision.answer(ShopSetup.unknownShop());
    }
    String token = InviteToken.issue(shopId);
    Instant now = state.stamp(clock);
    Instant expiresAt = now.plus(settings.inviteTtl());
    return Decision.persist(
        new InviteCreated(shopId, token, expiresAt, now), new InviteIssued(token, expiresAt));
  }

  Decision<ShopEvent, Ack> acceptInvite(ShopState state, String token, String supplierId) {
    Invite invite = state.isRegistered() ? state.invites().get(token) : null;
    if (invite == null) {
      return refused(ErrorCode.INVITE_UNKNOWN, "no such invite for this shop");
    }
    if (invite.usedBy() != null) {
      return refused(ErrorCode.INVITE_USED, "this invite has already been accepted");
    }
    Instant now = state.stamp(clock);
    if (!now.isBefore(invite.expiresAt())) {
      return refused(ErrorCode.INVITE_EXPIRED, "this invite expired at " + invite.expiresAt());
    }
    return Decision.persist(
        new SupplierBound(shopId, supplierId, BindingVia.INVITE, token, null, now), Ack.INSTANCE);
  }

  /** Refunds queued lines; a line refunded before is skipped, so a repeat changes nothing. */
  Decision<ShopEvent, Ack> refundQueuedLines(
      ShopState state, String orderId, List<String> lineIds) {
    List<String> refunding = new ArrayList<>();
    for (String lineId : lineIds) {
      if (state.processed().contains(ShopState.refundKey(orderId, lineId))) {
        continue;
      }
      if (!state.manualQueue().containsKey(AllocationTable.lineKey(orderId, lineId))) {
        return refused(
            ErrorCode.LINE_NOT_IN_MANUAL_QUEUE,
            "line " + lineId + " of order " + orderId + " is not in the manual queue");
      }
      refunding.add(lineId);
    }
    return refunding.isEmpty()
        ? Decision.answer(Outcome.done(Ack.INSTANCE))
        : Decision.persist(
            new ShopEvent.QueuedLinesRefunded(shopId, orderId, refunding, state.stamp(clock)),
            Ack.INSTANCE);
  }

  private static <R> Decision<ShopEvent, R> refused(ErrorCode code, String detail) {
    return Decision.answer(Outcome.refused(code, detail));
  }

  /**
   * Routes a batch of orders. Each order is checked, de-duplicated by ID against the window and
   * against earlier orders of the same batch, and routed with the table as it stands after the
   * earlier orders of the batch.
   */
  Intake ingest(ShopState state, List<Order> orders) {
    List<RoutedOrder> routedOrders = new ArrayList<>(orders.size());
    List<Outcome<OrderReceipt>> outcomes = new ArrayList<>(orders.size());
    List<DropshipDispatch> dispatches = new ArrayList<>();
    Map<String, RoutedOrder> inBatch = new HashMap<>(2 * orders.size());
    AllocationTable table = state.allocation();
    long seq = state.dispatchSeq();
    for (Order order : orders) {
      Rejection invalid = validate(state, order);
      if (invalid != null) {
        outcomes.add(Outcome.refused(invalid));
        continue;
      }
      long fingerprint = order.fingerprint();
      RoutedOrder earlier = inBatch.get(order.orderId());
      SeenOrders.Resend resend =
          earlier != null
              ? new SeenOrders.Resend(earlier.fingerprint() == fingerprint, earlier.receipt())
              : state.recentOrders().resend(order, fingerprint);
      if (resend != null) {
        outcomes.add(
            resend.sameBody()
                ? Outcome.done(resend.receipt())
                : Outcome.refused(
                    ErrorCode.ORDER_ID_REUSED,
                    "order " + order.orderId() + " was received before with a different body"));
        continue;
      }
      RoutingResult routed = table.route(order);
      List<DropshipDispatch> orderDispatches = new ArrayList<>(routed.dropshipGroups().size());
      List<RouteDecision> decisions = new ArrayList<>(order.lines().size());
      for (DropshipGroup group : routed.dropshipGroups()) {
        orderDispatches.add(dispatch(state.dispatchId(++seq), order, group));
        decisions.addAll(group.decisions());
      }
      List<QueuedLine> queued = new ArrayList<>(routed.manualLines().size());
      for (ManualLine manual : routed.manualLines()) {
        queued.add(
            new QueuedLine(
                order.orderId(), order.agencyId(), order.paidAt(), manual.line(), manual.reason()));
      }
      RoutedOrder routedOrder =
          new RoutedOrder(
              order,
              fingerprint,
              orderDispatches,
              queued,
              commissionRates(state, orderDispatches),
              decisions);
      routedOrders.add(routedOrder);
      dispatches.addAll(orderDispatches);
      inBatch.put(order.orderId(), routedOrder);
      outcomes.add(Outcome.done(routedOrder.receipt()));
      table = table.withoutManualAssignments(order);
    }
    return new Intake(routedOrders, outcomes, dispatches);
  }

  /**
   * The commission rate of each line sent to the supplier of a market product the shop picked (SPEC
   * §9): the rate of the shop's pick. Nothing to look up for a shop with no picks.
   */
  private static Map<String, Integer> commissionRates(
      ShopState state, List<DropshipDispatch> dispatches) {
    if (state.picks().isEmpty()) {
      return Map.of();
    }
    Map<String, Integer> rates = new HashMap<>();
    for (DropshipDispatch dispatch : dispatches) {
      for (OrderLine line : dispatch.lines()) {
        String productId = ProductId.ofOrNull(dispatch.supplierId(), line.spuId());
        MarketPick pick = productId == null ? null : state.picks().get(productId);
        if (pick != null) {
          rates.put(line.lineId(), pick.commissionRateBp().value());
        }
      }
    }
    return rates;
  }

  private Rejection validate(ShopState state, Order order) {
    if (!state.isRegistered()) {
      return Rejection.of(ErrorCode.NOT_FOUND, "no such shop");
    }
    List<OrderValidation.Violation> violations = OrderValidation.check(order);
    if (!violations.isEmpty()) {
      OrderValidation.Violation first = violations.get(0);
      return Rejection.invalid(first.field(), first.message());
    }
    if (!shopId.equals(order.shopId())) {
      return Rejection.invalid("shopId", "does not name this shop");
    }
    return null;
  }

  private DropshipDispatch dispatch(String dispatchId, Order order, DropshipGroup group) {
    return new DropshipDispatch(
        dispatchId,
        shopId,
        group.supplierId(),
        order.orderId(),
        order.agencyId(),
        order.paidAt(),
        group.lines());
  }

  /**
   * Assigns a line by hand. A queued line is dispatched at once; a line of an order not yet seen is
   * remembered, and routing follows the assignment when the order arrives; a line already allocated
   * is refused.
   */
  Decision<ShopEvent, Ack> assignLine(
      ShopState state, String orderId, String lineId, String supplierId) {
    if (!state.isRegistered()) {
      return Decision.answer(ShopSetup.unknownShop());
    }
    var rejection = state.allocation().checkManualAssignment(supplierId);
    if (rejection.isPresent()) {
      return Decision.answer(refusal(rejection.get()));
    }
    Instant now = state.stamp(clock);
    QueuedLine queued = state.manualQueue().get(AllocationTable.lineKey(orderId, lineId));
    if (queued != null) {
      DropshipDispatch dispatch =
          new DropshipDispatch(
              state.dispatchId(state.dispatchSeq() + 1),
              shopId,
              supplierId,
              orderId,
              queued.agencyId(),
              queued.paidAt(),
              List.of(queued.line()));
      return Decision.persist(new QueuedLineDispatched(shopId, dispatch, now), Ack.INSTANCE);
    }
    if (state.recentOrders().contains(orderId)) {
      return refused(
          ErrorCode.LINE_NOT_IN_MANUAL_QUEUE,
          "line " + lineId + " of order " + orderId + " is not waiting for manual allocation");
    }
    return Decision.persist(
        new LineAssignmentRecorded(shopId, orderId, lineId, supplierId, now), Ack.INSTANCE);
  }

  /**
   * Lines the shop withdrew from a supplier, routed under the rules as they are now: one dispatch
   * per supplier, with each line's decision; a line no rule sends anywhere waits in the manual
   * queue with its reason.
   */
  private LinesReturned rerouteWithdrawn(ShopState state, ShopCommand.ReturnLines cmd) {
    RoutingResult routed = state.allocation().routeLines(cmd.orderId(), cmd.lines());
    List<DropshipDispatch> dispatches = new ArrayList<>(routed.dropshipGroups().size());
    List<RouteDecision> decisions = new ArrayList<>(cmd.lines().size());
    long seq = state.dispatchSeq();
    for (DropshipGroup group : routed.dropshipGroups()) {
      dispatches.add(
          new DropshipDispatch(
              state.dispatchId(++seq),
              shopId,
              group.supplierId(),
              cmd.orderId(),
              cmd.agencyId(),
              cmd.paidAt(),
              group.lines()));
      decisions.addAll(group.decisions());
    }
    List<QueuedLine> queued = new ArrayList<>(routed.manualLines().size());
    for (ManualLine manual : routed.manualLines()) {
      queued.add(
          new QueuedLine(
              cmd.orderId(), cmd.agencyId(), cmd.paidAt(), manual.line(), manual.reason()));
    }
    return new LinesReturned(
        shopId,
        cmd.noticeId(),
        cmd.supplierId(),
        queued,
        io.daifa.common.HybridTime.after(state.stamp(clock), cmd.rejectedAt()),
        dispatches,
        decisions,
        true);
  }

  /**
   * The lines a supplier rejected: each goes to the next backup of the rule that now applies to it
   * (one dispatch per backup supplier), or back to the manual queue when there is none. Stamped
   * after the rejection, which another node's clock timed ({@link io.daifa.common.HybridTime}).
   * Null when the notice was recorded before (it is sent until acknowledged).
   */
  LinesReturned returnLines(ShopState state, ShopCommand.ReturnLines cmd) {
    if (state.hasProcessed(cmd.supplierId(), cmd.noticeId())) {
      return null;
    }
    if (cmd.withdrawn()) {
      return rerouteWithdrawn(state, cmd);
    }
    List<QueuedLine> lines = new ArrayList<>(cmd.lines().size());
    Map<String, List<OrderLine>> byBackup = new LinkedHashMap<>();
    for (OrderLine line : cmd.lines()) {
      String backup = state.allocation().backupAfter(line, cmd.supplierId());
      if (backup != null) {
        byBackup.computeIfAbsent(backup, b -> new ArrayList<>()).add(line);
        continue;
      }
      lines.add(
          new QueuedLine(
              cmd.orderId(),
              cmd.agencyId(),
              cmd.paidAt(),
              line,
              ManualReason.REJECTED_BY_SUPPLIER));
    }
    List<DropshipDispatch> rerouted = new ArrayList<>(byBackup.size());
    long seq = state.dispatchSeq();
    for (Map.Entry<String, List<OrderLine>> backup : byBackup.entrySet()) {
      rerouted.add(
          new DropshipDispatch(
              state.dispatchId(++seq),
              shopId,
              backup.getKey(),
              cmd.orderId(),
              cmd.agencyId(),
              cmd.paidAt(),
              backup.getValue()));
    }
    return new LinesReturned(
        shopId,
        cmd.noticeId(),
        cmd.supplierId(),
        lines,
        io.daifa.common.HybridTime.after(state.stamp(clock), cmd.rejectedAt()),
        rerouted);
  }
}
