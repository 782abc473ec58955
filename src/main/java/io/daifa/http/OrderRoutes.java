package io.daifa.http;

import io.daifa.account.AccountRole;
import io.daifa.common.Ack;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.Logistics;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.Order;
import io.daifa.order.OrderStatus;
import io.daifa.readside.OrderLineRow;
import io.daifa.readside.OrderReads;
import io.daifa.readside.SupplierOrderCursor;
import io.daifa.readside.SupplierOrderRow;
import io.daifa.supplier.SupplierCommand;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** Order intake, fulfilment by suppliers, receipt, and the order reads (API.md, Orders). */
final class OrderRoutes extends RouteSupport {

  record Shipment(String carrier, String trackingNo) {}

  record Refusal(String reason) {}

  record Receipt(String supplierId, OffsetDateTime receivedAt) {}

  record LogisticsReport(String supplierId, LogisticsStatus status, OffsetDateTime at) {}

  record OrderView(String orderId, String shopId, List<LineView> lines) {}

  record LineView(
      String lineId,
      String spuId,
      String skuId,
      int quantity,
      String supplierId,
      String status,
      String carrier,
      String trackingNo,
      Integer commissionRateBp,
      Logistics logistics) {}

  record SupplierOrdersPage(List<SupplierOrderRow> orders, String next) {}

  private static final int MAX_PAGE = 200;

  private final OrderReads reads;
  private final OrderIntake intake;
  private final Duration catchUp;
  private final RateLimitedHold rateLimitedHold;

  OrderRoutes(
      Authenticator authenticator,
      Entities entities,
      OrderReads reads,
      OrderIntake intake,
      Duration catchUp,
      Duration rateLimitedHold) {
    super(authenticator, entities);
    this.reads = reads;
    this.intake = intake;
    this.catchUp = catchUp;
    this.rateLimitedHold = new RateLimitedHold(rateLimitedHold);
  }

  Route routes() {
    return pathPrefix(
        "v1",
        () ->
            concat(
                path("orders", () -> post(this::ingest)),
                path(
                    PathMatchers.segment("orders").slash(PathMatchers.segment()),
                    orderId -> get(() -> withShop(shopId -> showOrder(orderId, shopId)))),
                path(
                    PathMatchers.segment("orders").slash(PathMatchers.segment()).slash("receipt"),
                    orderId -> post(() -> withShop(shopId -> receipt(orderId, shopId)))),
                path(
                    PathMatchers.segment("orders").slash(PathMatchers.segment()).slash("logistics"),
                    orderId -> post(() -> withShop(shopId -> logistics(orderId, shopId)))),
                pathPrefix(
                    PathMatchers.segment("suppliers").slash(PathMatchers.segment()),
                    supplierId ->
                        concat(
                            path("orders", () -> get(() -> supplierOrders(supplierId))),
                            path(
                                PathMatchers.segment("orders")
                                    .slash(PathMatchers.segment())
                                    .slash(PathMatchers.segment()),
                                (orderId, action) ->
                                    post(
                                        () ->
                                            withShop(
                                                shopId ->
                                                    fulfil(
                                                        supplierId, orderId, shopId, action))))))));
  }

  private Route ingest() {
    return authorized(
        p -> p.is(Principal.Role.INGEST),
        p ->
            body(
                OrderBodyReader::read,
                body -> {
                  Order order = body.toOrder();
                  CompletionStage<HttpResponse> answer =
                      intake
                          .take(order, entities.requestPatience(), false)
                          .thenCompose(rateLimitedHold::apply)
                          .thenApply(
                              outcome ->
                                  Responses.of(
                                      outcome,
                                      receipt ->
                                          Responses.jsonText(202, ReceiptJson.write(receipt))));
                  return respond(answer);
                }));
  }

  private Route fulfil(String supplierId, String orderId, String named, String action) {
    Function<Principal, Route> handler =
        switch (action) {
          case "accept" ->
              p ->
                  transition(
                      supplierId,
                      orderId,
                      named,
                      shopId -> r -> new SupplierCommand.AcceptOrder(shopId, orderId, r));
          case "ship" ->
              p ->
                  body(
                      Shipment.class,
                      s -> {
                        String carrier = Validation.text("carrier", s.carrier(), 64);
                        String trackingNo = Validation.text("trackingNo", s.trackingNo(), 64);
                        return transition(
                            supplierId,
                            orderId,
                            named,
                            shopId ->
                                r ->
                                    new SupplierCommand.ShipOrder(
                                        shopId, orderId, carrier, trackingNo, r));
                      });
          case "reject" ->
              p ->
                  body(
                      Refusal.class,
                      s -> {
                        String reason = Validation.text("reason", s.reason(), 500);
                        return transition(
                            supplierId,
                            orderId,
                            named,
                            shopId ->
                                r -> new SupplierCommand.RejectOrder(shopId, orderId, reason, r));
                      });
          default -> null;
        };
    if (handler == null) {
      return reject();
    }
    return authorized(p -> p.owns(Principal.Role.SUPPLIER, supplierId), handler);
  }

  private Route transition(
      String supplierId,
      String orderId,
      String named,
      Function<String, Function<ActorRef<Outcome<Ack>>, SupplierCommand>> command) {
    return respond(
        shopHolding(supplierId, orderId, named)
            .thenCompose(shopId -> entities.supplier(supplierId, command.apply(shopId)))
            .thenApply(outcome -> Responses.of(outcome, ack -> Responses.json(200, Map.of()))));
  }

  /**
   * The shop whose order {@code orderId} the supplier means: the one named, or the only one whose
   * order with this ID the supplier holds (by its list on the read side, waited for briefly).
   */
  private CompletionStage<String> shopHolding(String supplierId, String orderId, String named) {
    if (named != null) {
      return CompletableFuture.completedFuture(named);
    }
    return CatchUp.until(
            () -> reads.shopsOf(supplierId, orderId),
            shops -> !shops.isEmpty(),
            CatchUp.deadline(catchUp))
        .thenApply(
            shops -> {
              String shopId = OrderScope.shopOf(orderId, null, shops);
              if (shopId == null) {
                throw Problem.of(ErrorCode.NOT_FOUND, "no order " + orderId + " here", null)
                    .exception();
              }
              return shopId;
            });
  }

  private Route receipt(String orderId, String named) {
    return authorized(
        p -> p.is(Principal.Role.INGEST),
        p ->
            body(
                Receipt.class,
                receipt -> {
                  String supplierId = Validation.required("supplierId", receipt.supplierId());
                  OffsetDateTime receivedAt =
                      Validation.required("receivedAt", receipt.receivedAt());
                  return respond(
                      askHoldingSupplier(
                              supplierId,
                              orderId,
                              named,
                              (shopId, r) ->
                                  new SupplierCommand.ConfirmReceipt(
                                      shopId, orderId, receivedAt.toInstant(), r))
                          .thenApply(
                              outcome ->
                                  Responses.of(outcome, ack -> Responses.json(200, Map.of()))));
                }));
  }

  /**
   * Asks a supplier about its part of an order on the platform's behalf: the supplier must exist
   * ({@code 422} naming {@code supplierId} otherwise), and the order is the shop's that {@code
   * named} or the read side says ({@link #shopHolding}).
   */
  private CompletionStage<Outcome<Ack>> askHoldingSupplier(
      String supplierId,
      String orderId,
      String named,
      BiFunction<String, ActorRef<Outcome<Ack>>, SupplierCommand> command) {
    Problem unknown = Problem.invalid("supplierId", "no supplier " + supplierId);
    return entities
        .requireAccount(supplierId, AccountRole.SUPPLIER, unknown)
        .thenCompose(supplier -> shopHolding(supplierId, orderId, named))
        .thenCompose(
            shopId -> entities.<Outcome<Ack>>supplier(supplierId, r -> command.apply(shopId, r)));
  }

  /**
   * The carrier's report of the supplier's part of an order (ingest, from the platform's logistics
   * feed): a later stage moves it on, a repeat or an earlier one changes nothing; a receipt is then
   * never dated before the delivery.
   */
  private Route logistics(String orderId, String named) {
    return authorized(
        p -> p.is(Principal.Role.INGEST),
        p ->
            body(
                LogisticsReport.class,
                report -> {
                  String supplierId = Validation.id("supplierId", report.supplierId());
                  LogisticsStatus status = Validation.required("status", report.status());
                  OffsetDateTime at = Validation.required("at", report.at());
                  return respond(
                      askHoldingSupplier(
                              supplierId,
                              orderId,
                              named,
                              (shopId, r) ->
                                  new SupplierCommand.ReportLogistics(
                                      shopId, orderId, status, at.toInstant(), r))
                          .thenApply(
                              outcome ->
                                  Responses.of(
                                      outcome,
                                      ack -> Responses.json(200, Map.of("status", status)))));
                }));
  }

  /**
   * The ingest role sees every line, the shop every line of its own order, a supplier only the
   * lines it holds; anyone else learns nothing, not even that the order exists.
   */
  private Route showOrder(String orderId, String named) {
    return authenticated(
        p ->
            respond(
                reads
                    .linesOf(orderId)
                    .thenApply(
                        rows ->
                            OrderScope.answer(
                                orderId, named, rows, row -> mayRead(p, row), OrderRoutes::view))));
  }

  private static boolean mayRead(Principal p, OrderLineRow row) {
    return switch (p.role()) {
      case INGEST -> true;
      case SHOP -> p.accountId().equals(row.shopId());
      case SUPPLIER -> p.accountId().equals(row.supplierId());
      default -> false;
    };
  }

  private static OrderView view(String orderId, List<OrderLineRow> rows) {
    List<LineView> lines =
        rows.stream()
            .map(
                r ->
                    new LineView(
                        r.lineId(),
                        r.spuId(),
                        r.skuId(),
                        r.quantity(),
                        r.supplierId(),
                        r.status(),
                        r.carrier(),
                        r.trackingNo(),
                        r.commissionRateBp(),
                        r.logistics()))
            .toList();
    return new OrderView(orderId, rows.get(0).shopId(), lines);
  }

  private Route supplierOrders(String supplierId) {
    return authorized(
        p -> p.owns(Principal.Role.SUPPLIER, supplierId),
        p ->
            parameterOptional(
                "status",
                status ->
                    parameterOptional(
                        "after",
                        after ->
                            parameterOptional(
                                "limit",
                                limit -> {
                                  OrderStatus filter = status.map(OrderRoutes::status).orElse(null);
                                  int size = Validation.limit(limit, 50, MAX_PAGE);
                                  SupplierOrderCursor from =
                                      after.map(OrderRoutes::cursor).orElse(null);
                                  return respond(
                                      reads
                                          .supplierOrders(supplierId, filter, from, size)
                                          .thenApply(
                                              page ->
                                                  Responses.json(
                                                      200,
                                                      new SupplierOrdersPage(
                                                          page.orders(),
                                                          page.next() == null
                                                              ? null
                                                              : page.next().text()))));
                                }))));
  }

  /** A page cursor as {@code next} gave it. */
  private static SupplierOrderCursor cursor(String text) {
    SupplierOrderCursor cursor;
    try {
      cursor = SupplierOrderCursor.parse(text);
    } catch (IllegalArgumentException e) {
      throw Problem.invalid("after", "must be a cursor this list gave as next").exception();
    }
    if (cursor instanceof SupplierOrderCursor.Row row) {
      Validation.id("after", row.orderId());
      if (row.shopId() != null) {
        Validation.id("after", row.shopId());
      }
    } else if (cursor instanceof SupplierOrderCursor.Routed routed) {
      Validation.id("after", routed.shopId());
    }
    return cursor;
  }

  private static OrderStatus status(String value) {
    try {
      return OrderStatus.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw Problem.invalid("status", "must be one of " + List.of(OrderStatus.values()))
          .exception();
    }
  }
}
