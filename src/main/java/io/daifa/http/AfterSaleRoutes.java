package io.daifa.http;

import io.daifa.common.Ack;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.Rejection;
import io.daifa.order.OrderValidation;
import io.daifa.readside.OrderLineRow;
import io.daifa.readside.OrderReads;
import io.daifa.shop.ShopCommand;
import io.daifa.supplier.SupplierCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** After-sale: {@code POST /v1/orders/{id}/refund} and {@code /disputes} (ingest). */
final class AfterSaleRoutes extends RouteSupport {

  record Refund(List<String> lineIds, OffsetDateTime refundedAt) {}

  record Dispute(List<String> lineIds, Boolean open) {}

  /**
   * Where a holder's part of an after-sale request goes; {@code rows}: the read side's lines of the
   * shop's order.
   */
  @FunctionalInterface
  private interface Holder {
    CompletionStage<Outcome<Ack>> apply(
        String holderId, String shopId, List<String> lineIds, List<OrderLineRow> rows);
  }

  private final OrderReads reads;
  private final Duration catchUp;
  private final Duration afterSalePeriod;
  private final java.time.Clock clock;

  AfterSaleRoutes(
      Authenticator authenticator,
      Entities entities,
      OrderReads reads,
      Duration catchUp,
      Duration afterSalePeriod,
      java.time.Clock clock) {
    super(authenticator, entities);
    this.reads = reads;
    this.catchUp = catchUp;
    this.afterSalePeriod = afterSalePeriod;
    this.clock = clock;
  }

  Route routes() {
    return concat(
        path(
            PathMatchers.segment("v1")
                .slash("orders")
                .slash(PathMatchers.segment())
                .slash("refund"),
            orderId -> post(() -> withShop(shopId -> refund(orderId, shopId)))),
        path(
            PathMatchers.segment("v1")
                .slash("orders")
                .slash(PathMatchers.segment())
                .slash("disputes"),
            orderId -> post(() -> withShop(shopId -> dispute(orderId, shopId)))));
  }

  /**
   * Refunds lines wherever they are: with their supplier (found through the read side), or still in
   * the shop's manual queue. Each holder refunds only what is not refunded yet, so a retry after a
   * partial failure completes the refund. A line the read side does not show yet is waited for, up
   * to {@code daifa.read-side.catch-up}.
   */
  private Route refund(String orderId, String named) {
    return authorized(
        p -> p.is(Principal.Role.INGEST),
        p ->
            body(
                Refund.class,
                refund -> {
                  List<String> lineIds = lineIds(refund.lineIds());
                  Instant refundedAt =
                      Validation.required("refundedAt", refund.refundedAt()).toInstant();
                  return respond(
                      afterSale(
                          orderId,
                          named,
                          lineIds,
                          (supplierId, shopId, ids, rows) ->
                              entities
                                  .<Outcome<Ack>>supplier(
                                      supplierId,
                                      r ->
                                          new SupplierCommand.RefundLines(
                                              shopId, orderId, ids, refundedAt, r))
                                  .thenCompose(
                                      answer ->
                                          isForgotten(answer)
                                              ? refundForgotten(
                                                  orderId,
                                                  shopId,
                                                  supplierId,
                                                  ids,
                                                  rows,
                                                  refundedAt)
                                              : CompletableFuture.completedFuture(answer)),
                          (shopId, sameShopId, ids, rows) ->
                              entities.shop(
                                  shopId, r -> new ShopCommand.RefundQueuedLines(orderId, ids, r)),
                          true,
                          "REFUNDED"));
                }));
  }

  /** Opens or closes an after-sale dispute about lines with their supplier. */
  private Route dispute(String orderId, String named) {
    return authorized(
        p -> p.is(Principal.Role.INGEST),
        p ->
            body(
                Dispute.class,
                dispute -> {
                  List<String> lineIds = lineIds(dispute.lineIds());
                  boolean open = Validation.required("open", dispute.open());
                  return respond(
                      afterSale(
                          orderId,
                          named,
                          lineIds,
                          (supplierId, shopId, ids, rows) ->
                              entities.supplier(
                                  supplierId,
                                  r ->
                                      new SupplierCommand.SetDispute(
                                          shopId, orderId, ids, open, r)),
                          (shopId, sameShopId, ids, rows) ->
                              CompletableFuture.completedFuture(
                                  Outcome.refused(
                                      ErrorCode.ILLEGAL_TRANSITION,
                                      "lines "
                                          + ids
                                          + " are PAID: not shipped, nothing to dispute")),
                          false,
                          open ? "DISPUTED" : "DISPUTE_CLOSED"));
                }));
  }

  /** The supplier no longer holds the order: received longer ago than its de-dup window. */
  private static boolean isForgotten(Outcome<Ack> answer) {
    return answer instanceof Outcome.Refused<Ack> refused
        && refused.rejection().code() == ErrorCode.NOT_FOUND;
  }

  /** Refunds lines of an order its supplier has forgotten, if the read side says they may be. */
  private CompletionStage<Outcome<Ack>> refundForgotten(
      String orderId,
      String shopId,
      String supplierId,
      List<String> lineIds,
      List<OrderLineRow> rows,
      Instant refundedAt) {
    List<OrderLineRow> supplierRows =
        rows.stream().filter(row -> supplierId.equals(row.supplierId())).toList();
    Outcome<ForgottenOrderRefund.Plan> plan =
        ForgottenOrderRefund.plan(supplierRows, lineIds, clock.instant(), afterSalePeriod);
    if (plan instanceof Outcome.Refused<ForgottenOrderRefund.Plan> refused) {
      return CompletableFuture.completedFuture(Outcome.refused(refused.rejection()));
    }
    ForgottenOrderRefund.Plan refund = plan.orThrow();
    if (refund.lineIds().isEmpty()) {
      return CompletableFuture.completedFuture(Outcome.done(Ack.INSTANCE));
    }
    return entities.supplier(
        supplierId,
        r ->
            new SupplierCommand.RefundForgottenLines(
                shopId, orderId, refund.lineIds(), refund.orderStatus(), refundedAt, r));
  }

  private static List<String> lineIds(List<String> lineIds) {
    Validation.required("lineIds", lineIds);
    if (lineIds.isEmpty() || lineIds.size() > OrderValidation.MAX_LINES) {
      throw Problem.invalid("lineIds", "must list 1 to " + OrderValidation.MAX_LINES + " lines")
          .exception();
    }
    for (int i = 0; i < lineIds.size(); i++) {
      Validation.id("lineIds[" + i + "]", lineIds.get(i));
    }
    if (new HashSet<>(lineIds).size() != lineIds.size()) {
      throw Problem.invalid("lineIds", "must not repeat a line").exception();
    }
    return lineIds;
  }

  /**
   * The lines of the shop's order as soon as the read side shows all of {@code lineIds} (or as they
   * are at the deadline), by {@link CatchUp}. An order ID that several shops use answers {@code 409
   * ORDER_ID_AMBIGUOUS} unless the request names the shop.
   */
  private CompletionStage<List<OrderLineRow>> linesShowing(
      String orderId, String named, List<String> lineIds) {
    return CatchUp.until(
            () -> reads.linesOf(orderId),
            rows -> {
              Set<String> shops = new HashSet<>();
              Set<String> shown = new HashSet<>();
              for (OrderLineRow row : rows) {
                shops.add(row.shopId());
                if (named == null || named.equals(row.shopId())) {
                  shown.add(row.lineId());
                }
              }
              return (named == null && shops.size() > 1) || shown.containsAll(lineIds);
            },
            CatchUp.deadline(catchUp))
        .thenApply(rows -> OrderScope.rowsOf(orderId, named, rows));
  }

  /**
   * The shop's answer about lines the read side never showed: not in its queue either means the
   * order has no such line.
   */
  private static Outcome<Ack> unknownLine(
      Outcome<Ack> answer, String orderId, List<String> unshown) {
    if (answer instanceof Outcome.Refused<Ack> refused
        && refused.rejection().code() == ErrorCode.LINE_NOT_IN_MANUAL_QUEUE
        && !unshown.isEmpty()) {
      return Outcome.refused(noLine(orderId, unshown.get(0)));
    }
    return answer;
  }

  private static Rejection noLine(String orderId, String lineId) {
    return new Rejection(
        ErrorCode.VALIDATION, "lineIds: order " + orderId + " has no line " + lineId, "lineIds");
  }

  /**
   * Sends each holder of the lines its part: suppliers by the read side's record of where each line
   * went, the shop for lines still queued. Holders are asked one after the other; the first refusal
   * is the answer. With {@code askShopForUnshownLines}, a line the read side still does not show
   * (its shop's events can lag its suppliers') goes to the shop, which knows its own queue and
   * refuses a line that is not in it.
   */
  private CompletionStage<HttpResponse> afterSale(
      String orderId,
      String named,
      List<String> lineIds,
      Holder atSupplier,
      Holder atShop,
      boolean askShopForUnshownLines,
      String status) {
    return linesShowing(orderId, named, lineIds)
        .thenCompose(
            rows -> {
              if (rows.isEmpty()) {
                throw Problem.of(ErrorCode.NOT_FOUND, "no order " + orderId, null).exception();
              }
              String shopId = rows.get(0).shopId();
              Map<String, OrderLineRow> byLine = new HashMap<>();
              rows.forEach(row -> byLine.put(row.lineId(), row));
              Map<String, List<String>> bySupplier = new TreeMap<>();
              List<String> queued = new ArrayList<>();
              List<String> unshown = new ArrayList<>();
              for (String lineId : lineIds) {
                OrderLineRow row = byLine.get(lineId);
                if (row == null && !askShopForUnshownLines) {
                  throw Problem.of(noLine(orderId, lineId)).exception();
                }
                if (row == null) {
                  unshown.add(lineId);
                  queued.add(lineId);
                } else if (row.supplierId() == null) {
                  queued.add(lineId);
                } else {
                  bySupplier.computeIfAbsent(row.supplierId(), s -> new ArrayList<>()).add(lineId);
                }
              }
              CompletionStage<Outcome<Ack>> chain =
                  CompletableFuture.completedFuture(Outcome.done(Ack.INSTANCE));
              for (Map.Entry<String, List<String>> part : bySupplier.entrySet()) {
                chain =
                    chain.thenCompose(
                        o ->
                            o.isDone()
                                ? atSupplier.apply(part.getKey(), shopId, part.getValue(), rows)
                                : CompletableFuture.completedFuture(o));
              }
              if (!queued.isEmpty()) {
                chain =
                    chain.thenCompose(
                        o ->
                            o.isDone()
                                ? atShop
                                    .apply(shopId, shopId, queued, rows)
                                    .thenApply(answer -> unknownLine(answer, orderId, unshown))
                                : CompletableFuture.completedFuture(o));
              }
              return chain.thenApply(
                  outcome ->
                      Responses.of(
                          outcome,
                          ack ->
                              Responses.json(
                                  200,
                                  Map.of(
                                      "orderId", orderId, "lineIds", lineIds, "status", status))));
            });
  }
}
