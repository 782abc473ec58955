package io.daifa.http;

import io.daifa.common.Ack;
import io.daifa.common.Outcome;
import io.daifa.market.Listing;
import io.daifa.market.MarketIndex;
import io.daifa.market.ProductId;
import io.daifa.market.SharePoster;
import io.daifa.shop.MarketPick;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopView;
import io.daifa.supplier.SupplierCommand;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A shop's market picks (API.md, Product market; SPEC §9): pick a product (bound and routed on the
 * spot), list its "goods I have", remove a pick, and draw a pick's share poster.
 */
final class MarketPickRoutes extends RouteSupport {

  record PickRequest(String productId) {}

  /**
   * A pick with the terms the shop confirmed, and the product as the market shows it now ({@code
   * listed}: false once its supplier withdrew it; the route stays for orders already placed).
   */
  record PickView(
      String productId,
      String supplierId,
      String spuId,
      String title,
      long price,
      int commissionRateBp,
      long commissionPerUnit,
      Instant pickedAt,
      boolean listed,
      Boolean inStock,
      Long sales) {}

  record PicksView(List<PickView> picks) {}

  private final MarketIndex index;
  private final String publicUrl;

  MarketPickRoutes(
      Authenticator authenticator, Entities entities, MarketIndex index, String publicUrl) {
    super(authenticator, entities);
    this.index = index;
    this.publicUrl = publicUrl;
  }

  Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("shops").slash(PathMatchers.segment()),
        shopId ->
            concat(
                path(
                    "market-picks",
                    () ->
                        concat(
                            post(() -> owner(shopId, p -> pick(shopId))),
                            get(() -> owner(shopId, p -> picks(shopId))))),
                path(
                    PathMatchers.segment("market-picks").slash(PathMatchers.segment()),
                    productId -> delete(() -> owner(shopId, p -> unpick(shopId, productId)))),
                path(
                    PathMatchers.segment("market-picks")
                        .slash(PathMatchers.segment())
                        .slash("poster.png"),
                    productId -> get(() -> owner(shopId, p -> poster(shopId, productId))))));
  }

  private Route owner(String shopId, Function<Principal, Route> inner) {
    return authorized(p -> p.owns(Principal.Role.SHOP, shopId), inner);
  }

  private static String productId(String field, String productId) {
    Validation.required(field, productId);
    if (!ProductId.isValid(productId)) {
      throw Problem.invalid(field, "is not a product ID").exception();
    }
    return productId;
  }

  /**
   * Picks the listing as its supplier holds it now (not the index, which may lag a moment); the
   * supplier remembers the shop, which hears of the product's commission rate changing.
   */
  private Route pick(String shopId) {
    return body(
        PickRequest.class,
        request -> {
          String productId = productId("productId", request.productId());
          return respond(
              MarketRoutes.askSupplier(
                      entities,
                      productId,
                      (spuId, r) -> new SupplierCommand.RecordPick(spuId, shopId, r))
                  .thenCompose(
                      listing ->
                          listing instanceof Outcome.Done<Listing> found
                              ? entities
                                  .<Outcome<MarketPick>>shop(
                                      shopId, r -> new ShopCommand.PickProduct(found.value(), r))
                                  .thenApply(
                                      outcome ->
                                          Responses.of(outcome, p -> Responses.json(201, view(p))))
                              : CompletableFuture.completedFuture(
                                  Responses.problem(
                                      Problem.of(
                                          ((Outcome.Refused<Listing>) listing).rejection())))));
        });
  }

  private PickView view(MarketPick pick) {
    MarketIndex.Entry now = index.get(pick.productId());
    return new PickView(
        pick.productId(),
        pick.supplierId(),
        pick.spuId(),
        pick.title(),
        pick.price().value(),
        pick.commissionRateBp().value(),
        pick.commissionPerUnit().value(),
        pick.pickedAt(),
        now != null,
        now == null ? null : now.listing().inStock(),
        now == null ? null : now.sales());
  }

  private Route picks(String shopId) {
    return respond(
        entities
            .<ShopView>shop(shopId, ShopCommand.GetView::new)
            .thenApply(
                view ->
                    Responses.json(
                        200,
                        new PicksView(
                            view.picks().values().stream()
                                .sorted(
                                    Comparator.comparing(MarketPick::pickedAt)
                                        .thenComparing(MarketPick::productId))
                                .map(this::view)
                                .toList()))));
  }

  private Route unpick(String shopId, String productId) {
    productId("productId", productId);
    return respond(
        entities
            .<Outcome<Ack>>shop(shopId, r -> new ShopCommand.UnpickProduct(productId, r))
            .thenApply(
                outcome -> Responses.of(outcome, ack -> HttpResponse.create().withStatus(204))));
  }

  private Route poster(String shopId, String productId) {
    productId("productId", productId);
    return respond(
        entities
            .<ShopView>shop(shopId, ShopCommand.GetView::new)
            .thenApply(
                view -> {
                  MarketPick pick = view.picks().get(productId);
                  if (pick == null) {
                    return Responses.problem(
                        Problem.of(
                            io.daifa.common.ErrorCode.NOT_FOUND,
                            "the shop has not picked " + productId,
                            "productId"));
                  }
                  byte[] png =
                      SharePoster.png(
                          new SharePoster.Content(
                              view.name(), pick.title(), pick.price(), productUrl(shopId, pick)));
                  return HttpResponse.create()
                      .withEntity(ContentTypes.create(MediaTypes.IMAGE_PNG), png);
                }));
  }

  /** Where the poster's code leads: the product in the shop's mini-program. */
  String productUrl(String shopId, MarketPick pick) {
    return publicUrl + "/shops/" + shopId + "/products/" + pick.productId();
  }
}
