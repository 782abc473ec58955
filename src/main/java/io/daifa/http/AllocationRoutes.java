package io.daifa.http;

import io.daifa.common.Ack;
import io.daifa.common.Outcome;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.AllocationTable;
import io.daifa.routing.ModeChange;
import io.daifa.routing.Rule;
import io.daifa.routing.RuleKind;
import io.daifa.shop.QueuedLine;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** A shop's allocation mode, product and SKU rules, manual queue and manual assignment. */
final class AllocationRoutes extends RouteSupport {

  record ModeRequest(
      AllocationMode mode, String supplierId, List<String> backups, Boolean dropProductRoutes) {}

  record RouteRequest(String supplierId, List<String> backups) {}

  record AssignRequest(String supplierId) {}

  /**
   * {@code productRoutes} and {@code skuRoutes} name each rule's supplier; {@code rules} lists
   * every rule with its backups and the time it was set.
   */
  record AllocationView(
      AllocationMode mode,
      String wholeShopSupplierId,
      Map<String, String> productRoutes,
      Map<String, Map<String, String>> skuRoutes,
      List<RuleView> rules) {}

  record RuleView(
      RuleKind kind,
      String spuId,
      String skuId,
      String supplierId,
      List<String> backups,
      Instant setAt) {}

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
                            put(() -> owner(shopId, p -> setRoute(shopId, spuId, null))),
                            delete(() -> owner(shopId, p -> removeRoute(shopId, spuId))))),
                path(
                    PathMatchers.segment("allocation")
                        .slash("products")
                        .slash(PathMatchers.segment())
                        .slash("skus")
                        .slash(PathMatchers.segment()),
                    (spuId, skuId) ->
                        concat(
                            put(() -> owner(shopId, p -> setRoute(shopId, spuId, skuId))),
                            delete(
                                () -> owner(shopId, p -> removeSkuRoute(shopId, spuId, skuId))))),
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
                  return Responses.json(200, view(table));
                }));
  }

  static AllocationView view(AllocationTable table) {
    Map<String, String> products = new TreeMap<>();
    List<RuleView> rules = new ArrayList<>();
    if (table.wholeShopRule() != null) {
      rules.add(ruleView(null, null, table.wholeShopRule()));
    }
    new TreeMap<>(table.productRoutes())
        .forEach(
            (spu, rule) -> {
              products.put(spu, rule.supplierId());
              rules.add(ruleView(spu, null, rule));
            });
    Map<String, Map<String, String>> skus = new TreeMap<>();
    new TreeMap<>(table.skuRoutes())
        .forEach(
            (spu, ofSpu) ->
                new TreeMap<>(ofSpu)
                    .forEach(
                        (sku, rule) -> {
                          skus.computeIfAbsent(spu, k -> new TreeMap<>())
                              .put(sku, rule.supplierId());
                          rules.add(ruleView(spu, sku, rule));
                        }));
    return new AllocationView(table.mode(), table.wholeShopSupplierId(), products, skus, rules);
  }

  private static RuleView ruleView(String spuId, String skuId, Rule rule) {
    return new RuleView(
        rule.decision().kind(),
        spuId,
        skuId,
        rule.supplierId(),
        rule.backups(),
        rule.decision().setAt());
  }

  /** Backups named in a request: IDs, at most {@link Rule#MAX_BACKUPS}, none twice. */
  private static List<String> backups(List<String> backups) {
    if (backups == null) {
      return List.of();
    }
    if (backups.size() > Rule.MAX_BACKUPS) {
      throw Problem.invalid("backups", "must list at most " + Rule.MAX_BACKUPS + " suppliers")
          .exception();
    }
    for (int i = 0; i < backups.size(); i++) {
      Validation.id("backups[" + i + "]", backups.get(i));
    }
    if (new HashSet<>(backups).size() != backups.size()) {
      throw Problem.invalid("backups", "must not repeat a supplier").exception();
    }
    return backups;
  }

  private Route setMode(String shopId) {
    return body(
        ModeRequest.class,
        request -> {
          AllocationMode mode = Validation.required("mode", request.mode());
          boolean drop = Boolean.TRUE.equals(request.dropProductRoutes());
          List<String> backups = backups(request.backups());
          return respond(
              entities
                  .<Outcome<ModeChange>>shop(
                      shopId,
                      r -> new ShopCommand.SetMode(mode, request.supplierId(), backups, drop, r))
                  .thenApply(
                      outcome -> Responses.of(outcome, change -> Responses.json(200, change))));
        });
  }

  /** An SPU's rule, or with a {@code skuId} the rule of one of its SKUs. */
  private Route setRoute(String shopId, String spuId, String skuId) {
    Validation.id("spuId", spuId);
    if (skuId != null) {
      Validation.id("skuId", skuId);
    }
    return body(
        RouteRequest.class,
        request -> {
          String supplierId = Validation.id("supplierId", request.supplierId());
          List<String> backups = backups(request.backups());
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("spuId", spuId);
          if (skuId != null) {
            answer.put("skuId", skuId);
          }
          answer.put("supplierId", supplierId);
          answer.put("backups", backups);
          return respond(
              entities
                  .<Outcome<Ack>>shop(
                      shopId,
                      r -> new ShopCommand.SetProductRoute(spuId, skuId, supplierId, backups, r))
                  .thenApply(outcome -> Responses.of(outcome, ack -> Responses.json(200, answer))));
        });
  }

  private Route removeSkuRoute(String shopId, String spuId, String skuId) {
    return respond(
        entities
            .<Outcome<Ack>>shop(shopId, r -> new ShopCommand.RemoveSkuRoute(spuId, skuId, r))
            .thenApply(
                outcome -> Responses.of(outcome, ack -> HttpResponse.create().withStatus(204))));
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
        AssignRequest.class,
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
