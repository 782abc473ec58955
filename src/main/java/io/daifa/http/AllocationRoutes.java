package io.daifa.http;

import io.daifa.common.Ack;
import io.daifa.common.Outcome;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.AllocationTable;
import io.daifa.routing.ModeChange;
import io.daifa.shop.QueuedLine;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopView;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** A shop's allocation mode, product routes, manual queue and manual assignment. */
final class AllocationRoutes extends RouteSupport {

  record ModeRequest(AllocationMode mode, String supplierId, Boolean dropProductRoutes) {}

  record RouteRequest(String supplierId) {}

  record AllocationView(
      AllocationMode mode, String wholeShopSupplierId, Map<String, String> productRoutes) {}

  record QueuedLineView(String orderId, String lineId, String spuId, String skuId, String reason) {}

  AllocationRoutes(Authenticator authenticator, Entities entities) {
    super(authenticator, entities);
  }

  Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("shops").slash(PathMatchers.segment()),
        shopId ->
            concat(
                path(
                    PathMatchers.segment("allocation"),
                    () -> get(() -> owner(shopId, p -> showAllocation(shopId)))),
                path(
                    PathMatchers.segment("allocation").slash("mode"),
                    () -> put(() -> owner(shopId, p -> setMode(shopId)))),
                path(
                    PathMatchers.segment("allocation")
                        .slash("products")
                        .slash(PathMatchers.segment()),
                    spuId ->
                        concat(
                            put(() -> owner(shopId, p -> setRoute(shopId, spuId))),
                            delete(() -> owner(shopId, p -> removeRoute(shopId, spuId))))),
                path("manual-queue", () -> get(() -> owner(shopId, p -> showManualQueue(shopId)))),
                path(
                    PathMatchers.segment("orders")
                        .slash(PathMatchers.segment())
                        .slash("lines")
                        .slash(PathMatchers.segment())
                        .slash("assign"),
                    (orderId, lineId) ->
                        post(() -> owner(shopId, p -> assign(shopId, orderId, lineId))))));
  }

  private Route owner(String shopId, Function<Principal, Route> inner) {
    return authorized(p -> p.owns(Principal.Role.SHOP, shopId), inner);
  }

  private Route showAllocation(String shopId) {
    return respond(
        entities
            .<ShopView>shop(shopId, ShopCommand.GetView::new)
            .thenApply(
                state -> {
                  AllocationTable table = state.allocation();
                  return Responses.json(
                      200,
                      new AllocationView(
                          table.mode(),
                          table.wholeShopSupplierId(),
                          new TreeMap<>(table.productRoutes())));
                }));
  }

  private Route setMode(String shopId) {
    return body(
        ModeRequest.class,
        request -> {
          AllocationMode mode = Validation.required("mode", request.mode());
          boolean drop = Boolean.TRUE.equals(request.dropProductRoutes());
          return respond(
              entities
                  .<Outcome<ModeChange>>shop(
                      shopId, r -> new ShopCommand.SetMode(mode, request.supplierId(), drop, r))
                  .thenApply(
                      outcome -> Responses.of(outcome, change -> Responses.json(200, change))));
        });
  }

  private Route setRoute(String shopId, String spuId) {
    Validation.id("spuId", spuId);
    return body(
        RouteRequest.class,
        request -> {
          String supplierId = Validation.required("supplierId", request.supplierId());
          return respond(
              entities
                  .<Outcome<Ack>>shop(
                      shopId, r -> new ShopCommand.SetProductRoute(spuId, supplierId, r))
                  .thenApply(
                      outcome ->
                          Responses.of(
                              outcome,
                              ack ->
                                  Responses.json(
                                      200, Map.of("spuId", spuId, "supplierId", supplierId)))));
        });
  }

  private Route removeRoute(String shopId, String spuId) {
    return respond(
        entities
            .<Outcome<Ack>>shop(shopId, r -> new ShopCommand.RemoveProductRoute(spuId, r))
            .thenApply(
                outcome -> Responses.of(outcome, ack -> HttpResponse.create().withStatus(204))));
  }

  private Route showManualQueue(String shopId) {
    return respond(
        entities
            .<ShopView>shop(shopId, ShopCommand.GetView::new)
            .thenApply(state -> Responses.json(200, manualQueue(state))));
  }

  static List<QueuedLineView> manualQueue(ShopView state) {
    return state.manualQueue().values().stream()
        .sorted(Comparator.comparing(QueuedLine::orderId).thenComparing(QueuedLine::lineId))
        .map(
            q ->
                new QueuedLineView(
                    q.orderId(), q.lineId(), q.line().spuId(), q.line().skuId(), q.reason().name()))
        .toList();
  }

  private Route assign(String shopId, String orderId, String lineId) {
    Validation.id("orderId", orderId);
    Validation.id("lineId", lineId);
    return body(
        RouteRequest.class,
        request -> {
          String supplierId = Validation.required("supplierId", request.supplierId());
          return respond(
              entities
                  .<Outcome<Ack>>shop(
                      shopId, r -> new ShopCommand.AssignLine(orderId, lineId, supplierId, r))
                  .thenApply(
                      outcome ->
                          Responses.of(
                              outcome,
                              ack ->
                                  Responses.json(
                                      200,
                                      Map.of(
                                          "orderId",
                                          orderId,
                                          "lineId",
                                          lineId,
                                          "supplierId",
                                          supplierId)))));
        });
  }
}
