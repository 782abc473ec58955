package io.daifa.http;

import io.daifa.account.AccountRole;
import io.daifa.account.ApiKeys;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.market.Listing;
import io.daifa.market.ListingChange;
import io.daifa.market.ListingDraft;
import io.daifa.market.ListingRules;
import io.daifa.market.ListingSku;
import io.daifa.market.MarketIndex;
import io.daifa.market.MarketTaxonomy;
import io.daifa.market.ProductId;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.OrderValidation.Violation;
import io.daifa.supplier.SupplierCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The product market (API.md, Product market; SPEC §9): suppliers list, change and withdraw
 * products; any account browses them. Listings are stored by their supplier's entity; searches are
 * answered from this node's {@link MarketIndex}.
 */
final class MarketRoutes extends RouteSupport {

  record SkuRequest(String skuId, Long price) {}

  /** {@code supplierId}: only the platform (admin) names one, listing on a supplier's behalf. */
  record ListingRequest(
      String spuId,
      String title,
      String category,
      Long price,
      Integer commissionRateBp,
      String sourcePlatform,
      Boolean inStock,
      List<SkuRequest> skus,
      String supplierId) {}

  record ListingChangeRequest(Long price, Integer commissionRateBp, Boolean inStock) {}

  record ProductsPage(List<ProductView> products, String next) {}

  private final MarketIndex index;
  private final MarketTaxonomy taxonomy;

  MarketRoutes(
      Authenticator authenticator, Entities entities, MarketIndex index, MarketTaxonomy taxonomy) {
    super(authenticator, entities);
    this.index = index;
    this.taxonomy = taxonomy;
  }

  Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("market"),
        () ->
            concat(
                path("categories", () -> get(() -> authenticated(p -> complete(categories())))),
                path(
                    "products",
                    () ->
                        concat(
                            get(() -> authenticated(p -> parameterMap(this::search))),
                            post(() -> authenticated(this::list)))),
                path(
                    PathMatchers.segment("products").slash(PathMatchers.segment()),
                    productId ->
                        concat(
                            get(() -> authenticated(p -> show(productId))),
                            put(() -> owner(productId, p -> update(productId))),
                            delete(() -> owner(productId, p -> delist(productId)))))));
  }

  private HttpResponse categories() {
    return Responses.json(200, taxonomy);
  }

  private Route search(java.util.Map<String, String> params) {
    MarketIndex.Page page = index.search(MarketQueryParams.parse(params, taxonomy));
    List<ProductView> products =
        page.products().stream().map(e -> ProductView.of(e.listing(), e.sales())).toList();
    return complete(
        Responses.json(
            200, new ProductsPage(products, page.next() == null ? null : page.next().encode())));
  }

  /** A product's supplier, or the platform, may change it. */
  private Route owner(String productId, Function<Principal, Route> inner) {
    String supplierId = ProductId.supplierOf(productId); // null for a malformed ID: 422 later
    return authorized(
        p ->
            p.is(Principal.Role.ADMIN)
                || (supplierId != null && p.owns(Principal.Role.SUPPLIER, supplierId)),
        inner);
  }

  private static String productSupplier(String productId) {
    String supplierId = ProductId.supplierOf(productId);
    if (supplierId == null) {
      throw Problem.invalid("productId", "is not a product ID").exception();
    }
    return supplierId;
  }

  private Route show(String productId) {
    productSupplier(productId);
    return respond(
        listing(entities, productId)
            .thenApply(outcome -> Responses.of(outcome, l -> Responses.json(200, view(l)))));
  }

  /**
   * The listing of {@code productId} as its supplier holds it now (not the index, which may lag a
   * moment). An ID naming no supplier account is answered without starting an entity for it, so
   * made-up IDs cost no storage.
   */
  static CompletionStage<Outcome<Listing>> listing(Entities entities, String productId) {
    return askSupplier(entities, productId, SupplierCommand.GetListing::new);
  }

  /** Asks the supplier of {@code productId}, about its SPU, once its account is known to exist. */
  static CompletionStage<Outcome<Listing>> askSupplier(
      Entities entities,
      String productId,
      BiFunction<String, ActorRef<Outcome<Listing>>, SupplierCommand> command) {
    String supplierId = ProductId.supplierOf(productId);
    Problem unknown = Problem.of(ErrorCode.NOT_FOUND, "no product " + productId, "productId");
    return entities
        .requireAccount(supplierId, AccountRole.SUPPLIER, unknown)
        .thenCompose(
            account ->
                entities.<Outcome<Listing>>supplier(
                    supplierId, r -> command.apply(ProductId.spuOf(productId), r)));
  }

  private ProductView view(Listing listing) {
    MarketIndex.Entry known = index.get(listing.productId());
    return ProductView.of(listing, known == null ? 0 : known.sales());
  }

  private Route list(Principal principal) {
    return body(
        ListingRequest.class,
        request -> {
          String supplierId = lister(principal, request.supplierId());
          ListingDraft draft = draft(request);
          Problem unknown =
              Problem.of(
                  ErrorCode.INVALID_SUPPLIER_ID,
                  "no supplier has the ID " + supplierId,
                  "supplierId");
          return respond(
              entities
                  .requireAccount(supplierId, AccountRole.SUPPLIER, unknown)
                  .thenCompose(
                      account ->
                          entities.<Outcome<Listing>>supplier(
                              supplierId, r -> new SupplierCommand.ListProduct(draft, r)))
                  .thenApply(outcome -> Responses.of(outcome, l -> Responses.json(201, view(l)))));
        });
  }

  /** Who lists: a supplier for itself, the platform for the supplier it names. */
  private static String lister(Principal principal, String named) {
    if (principal.is(Principal.Role.SUPPLIER)) {
      if (named != null && !named.equals(principal.accountId())) {
        throw Problem.of(ErrorCode.FORBIDDEN, "a supplier lists only its own goods", "supplierId")
            .exception();
      }
      return principal.accountId();
    }
    if (principal.is(Principal.Role.ADMIN)) {
      String supplierId = Validation.required("supplierId", named);
      if (!ApiKeys.isAccountId(supplierId)
          || AccountRole.ofId(supplierId) != AccountRole.SUPPLIER) {
        throw Problem.invalid("supplierId", "is not a supplier ID").exception();
      }
      return supplierId;
    }
    throw Problem.of(ErrorCode.FORBIDDEN, "only suppliers and the platform list goods", null)
        .exception();
  }

  private ListingDraft draft(ListingRequest r) {
    List<ListingSku> skus = new ArrayList<>();
    List<SkuRequest> requested = r.skus() == null ? List.of() : r.skus();
    if (requested.size() > ListingRules.MAX_SKUS) {
      throw Problem.invalid("skus", "must contain at most " + ListingRules.MAX_SKUS + " SKUs")
          .exception();
    }
    for (int i = 0; i < requested.size(); i++) {
      SkuRequest sku = Validation.required("skus[" + i + "]", requested.get(i));
      skus.add(
          new ListingSku(
              Validation.required("skus[" + i + "].skuId", sku.skuId()),
              Fen.of(Validation.required("skus[" + i + "].price", sku.price()))));
    }
    ListingDraft draft =
        new ListingDraft(
            Validation.required("spuId", r.spuId()),
            Validation.required("title", r.title()),
            Validation.required("category", r.category()),
            Fen.of(Validation.required("price", r.price())),
            BasisPoints.of(Validation.required("commissionRateBp", r.commissionRateBp())),
            Validation.required("sourcePlatform", r.sourcePlatform()),
            r.inStock() == null || r.inStock(),
            skus);
    refuse(ListingRules.check(draft, taxonomy));
    return new ListingDraft(
        draft.spuId(),
        draft.title().strip(),
        draft.category(),
        draft.price(),
        draft.commissionRateBp(),
        draft.sourcePlatform(),
        draft.inStock(),
        draft.skus());
  }

  private static void refuse(List<Violation> violations) {
    if (!violations.isEmpty()) {
      Violation first = violations.get(0);
      throw Problem.invalid(first.field(), first.message()).exception();
    }
  }

  private Route update(String productId) {
    return body(
        ListingChangeRequest.class,
        request -> {
          ListingChange change =
              new ListingChange(
                  request.price() == null ? null : Fen.of(request.price()),
                  request.commissionRateBp() == null
                      ? null
                      : BasisPoints.of(request.commissionRateBp()),
                  request.inStock());
          refuse(ListingRules.check(change));
          return respond(
              entities
                  .<Outcome<Listing>>supplier(
                      productSupplier(productId),
                      r -> new SupplierCommand.UpdateListing(ProductId.spuOf(productId), change, r))
                  .thenApply(outcome -> Responses.of(outcome, l -> Responses.json(200, view(l)))));
        });
  }

  private Route delist(String productId) {
    return respond(
        entities
            .<Outcome<Listing>>supplier(
                productSupplier(productId),
                r -> new SupplierCommand.DelistProduct(ProductId.spuOf(productId), r))
            .thenApply(
                outcome -> Responses.of(outcome, l -> HttpResponse.create().withStatus(204))));
  }
}
