package io.daifa.http;

import io.daifa.common.Outcome;
import io.daifa.order.OrderStatus;
import io.daifa.readside.OrderLineRow;
import io.daifa.readside.OrderReads;
import io.daifa.readside.SupplierOrderCursor;
import io.daifa.readside.SupplierOrderRow;
import io.daifa.routing.AllocationTable;
import io.daifa.routing.Rerouting;
import io.daifa.routing.RuleKind;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopView;
import io.daifa.supplier.SupplierCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /v1/shops/{shopId}/allocation/reroute}: after the shop changed its rules, moves the
 * lines its suppliers have not accepted yet to where the rules now send them ({@link Rerouting}).
 * With {@code dryRun=true} it only answers what would move.
 *
 * <p>The candidates come from the read side (each supplier's open orders of the shop, a few seconds
 * behind); the move itself is decided by each supplier entity, which withdraws only lines still not
 * accepted, and gives them back to the shop by a notice that is sent until the shop records it. The
 * shop then routes them under its rules as they are at that moment, in one event with the notice's
 * ID, so a line moves once however often either side restarts.
 */
final class RerouteRoutes extends RouteSupport {

  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 1_000;
  private static final int PAGE = 200;

  /** {@code moved}: null in a dry run; false when the supplier had accepted the line meanwhile. */
  record MoveView(String orderId, String lineId, String from, String to, Boolean moved) {}

  /** {@code more}: there are more lines to move than {@code limit}; call again. */
  record RerouteView(boolean dryRun, List<MoveView> moves, boolean more) {}

  private final OrderReads reads;

  RerouteRoutes(Authenticator authenticator, Entities entities, OrderReads reads) {
    super(authenticator, entities);
    this.reads = reads;
  }

  Route routes() {
    return path(
        PathMatchers.segment("v1")
            .slash("shops")
            .slash(PathMatchers.segment())
            .slash("allocation")
            .slash("reroute"),
        shopId ->
            post(
                () ->
                    authorized(
                        p -> p.owns(Principal.Role.SHOP, shopId),
                        p ->
                            parameterOptional(
                                "dryRun",
                                dryRun ->
                                    parameterOptional(
                                        "supplierId",
                                        from ->
                                            parameterOptional(
                                                "limit",
                                                limit ->
                                                    reroute(
                                                        shopId,
                                                        dryRun(dryRun),
                                                        from.map(
                                                            id -> Validation.id("supplierId", id)),
                                                        Validation.limit(
                                                            limit, DEFAULT_LIMIT, MAX_LIMIT))))))));
  }

  private static boolean dryRun(Optional<String> value) {
    if (value.isEmpty() || value.get().equals("false")) {
      return false;
    }
    if (value.get().equals("true")) {
      return true;
    }
    throw Problem.invalid("dryRun", "must be true or false").exception();
  }

  private Route reroute(String shopId, boolean dryRun, Optional<String> from, int limit) {
    CompletionStage<RerouteView> answer =
        entities
            .<ShopView>shop(shopId, ShopCommand.GetView::new)
            .thenCompose(
                view -> {
                  AllocationTable table = view.allocation();
                  List<String> suppliers =
                      from.map(List::of)
                          .orElseGet(() -> List.copyOf(new TreeSet<>(table.boundSuppliers())));
                  return plan(shopId, table, suppliers, 0, new ArrayList<>(), limit);
                })
            .thenCompose(
                plan -> {
                  List<Rerouting.Move> moves = plan.size() > limit ? plan.subList(0, limit) : plan;
                  boolean more = plan.size() > limit;
                  if (dryRun) {
                    return CompletableFuture.completedFuture(
                        new RerouteView(
                            true,
                            moves.stream()
                                .map(
                                    m ->
                                        new MoveView(
                                            m.orderId(), m.lineId(), m.from(), m.to(), null))
                                .toList(),
                            more));
                  }
                  return move(shopId, moves).thenApply(done -> new RerouteView(false, done, more));
                });
    return respond(answer.thenApply(view -> Responses.json(200, view)));
  }

  /** The moves of the suppliers' open lines from {@code index} on, until more than the limit. */
  private CompletionStage<List<Rerouting.Move>> plan(
      String shopId,
      AllocationTable table,
      List<String> suppliers,
      int index,
      List<Rerouting.Move> found,
      int limit) {
    if (index >= suppliers.size() || found.size() > limit) {
      return CompletableFuture.completedFuture(found);
    }
    return planSupplier(shopId, table, suppliers.get(index), null, found, limit)
        .thenCompose(more -> plan(shopId, table, suppliers, index + 1, found, limit));
  }

  /** One supplier's orders of the shop that have lines not accepted yet, page by page. */
  private CompletionStage<List<Rerouting.Move>> planSupplier(
      String shopId,
      AllocationTable table,
      String supplierId,
      SupplierOrderCursor after,
      List<Rerouting.Move> found,
      int limit) {
    return reads
        .supplierOrders(supplierId, OrderStatus.ALLOCATED, after, PAGE)
        .thenCompose(
            page -> {
              List<SupplierOrderRow> ofShop =
                  page.orders().stream().filter(row -> row.shopId().equals(shopId)).toList();
              CompletionStage<List<Rerouting.Move>> done =
                  planOrders(shopId, table, supplierId, ofShop, 0, found, limit);
              if (page.next() == null) {
                return done;
              }
              return done.thenCompose(
                  moves ->
                      moves.size() > limit
                          ? CompletableFuture.completedFuture(moves)
                          : planSupplier(shopId, table, supplierId, page.next(), moves, limit));
            });
  }

  private CompletionStage<List<Rerouting.Move>> planOrders(
      String shopId,
      AllocationTable table,
      String supplierId,
      List<SupplierOrderRow> orders,
      int index,
      List<Rerouting.Move> found,
      int limit) {
    if (index >= orders.size() || found.size() > limit) {
      return CompletableFuture.completedFuture(found);
    }
    return reads
        .linesOf(orders.get(index).orderId())
        .thenCompose(
            rows -> {
              List<Rerouting.OpenLine> open = new ArrayList<>();
              for (OrderLineRow row : rows) {
                if (row.shopId().equals(shopId)
                    && supplierId.equals(row.supplierId())
                    && OrderStatus.ALLOCATED.name().equals(row.status())) {
                  String rule = row.routing() == null ? null : row.routing().rule();
                  open.add(
                      new Rerouting.OpenLine(
                          row.orderId(),
                          row.lineId(),
                          row.spuId(),
                          row.skuId(),
                          supplierId,
                          rule == null ? null : RuleKind.valueOf(rule)));
                }
              }
              found.addAll(Rerouting.plan(table, open));
              return planOrders(shopId, table, supplierId, orders, index + 1, found, limit);
            });
  }

  /**
   * Asks each supplier to withdraw its lines of each order, one order at a time; a line it had
   * accepted meanwhile stays, and is answered {@code moved: false}.
   */
  private CompletionStage<List<MoveView>> move(String shopId, List<Rerouting.Move> moves) {
    Map<List<String>, List<Rerouting.Move>> byOrder = new LinkedHashMap<>();
    for (Rerouting.Move move : moves) {
      byOrder
          .computeIfAbsent(List.of(move.from(), move.orderId()), k -> new ArrayList<>())
          .add(move);
    }
    CompletionStage<List<MoveView>> done = CompletableFuture.completedFuture(new ArrayList<>());
    for (List<Rerouting.Move> ofOrder : byOrder.values()) {
      Rerouting.Move first = ofOrder.get(0);
      List<String> lineIds = ofOrder.stream().map(Rerouting.Move::lineId).toList();
      done =
          done.thenCompose(
              views ->
                  entities
                      .<Outcome<SupplierCommand.Withdrawn>>supplier(
                          first.from(),
                          r ->
                              new SupplierCommand.WithdrawLines(
                                  shopId, first.orderId(), lineIds, r))
                      .thenApply(
                          outcome -> {
                            List<String> withdrawn =
                                outcome instanceof Outcome.Done<SupplierCommand.Withdrawn> d
                                    ? d.value().lineIds()
                                    : List.of();
                            for (Rerouting.Move m : ofOrder) {
                              views.add(
                                  new MoveView(
                                      m.orderId(),
                                      m.lineId(),
                                      m.from(),
                                      m.to(),
                                      withdrawn.contains(m.lineId())));
                            }
                            return views;
                          }));
    }
    return done;
  }
}
