package io.daifa.http;

import io.daifa.account.AccountEntity;
import io.daifa.account.AccountRole;
import io.daifa.common.Ack;
import io.daifa.common.ErrorCode;
import io.daifa.common.InviteToken;
import io.daifa.common.Outcome;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopView;
import io.daifa.supplier.BindingRequest;
import io.daifa.supplier.SupplierCommand;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** Invites, binding requests, bound suppliers and unbinding (API.md, Binding). */
final class BindingRoutes extends RouteSupport {

  record BindingApplication(String supplierId) {}

  record InviteAnswer(String token, String url, Instant expiresAt) {}

  record BoundSupplier(String supplierId, Instant boundAt, String via) {}

  record RequestView(String requestId, String shopId, String status, Instant createdAt) {}

  private final String publicUrl;

  BindingRoutes(Authenticator authenticator, Entities entities, String publicUrl) {
    super(authenticator, entities);
    this.publicUrl = publicUrl;
  }

  String inviteUrl(String token) {
    return publicUrl + "/invites/" + token;
  }

  Route routes() {
    return pathPrefix(
        "v1",
        () ->
            concat(
                pathPrefix(
                    "shops",
                    () ->
                        pathPrefix(
                            PathMatchers.segment(),
                            shopId ->
                                concat(
                                    path("invites", () -> post(() -> createInvite(shopId))),
                                    path(
                                        "binding-requests",
                                        () -> post(() -> applyForBinding(shopId))),
                                    path("suppliers", () -> get(() -> listSuppliers(shopId))),
                                    path(
                                        PathMatchers.segment("suppliers")
                                            .slash(PathMatchers.segment()),
                                        supplierId -> delete(() -> unbind(shopId, supplierId)))))),
                pathPrefix(
                    "suppliers",
                    () ->
                        pathPrefix(
                            PathMatchers.segment(),
                            supplierId ->
                                concat(
                                    path(
                                        PathMatchers.segment("invites")
                                            .slash(PathMatchers.segment())
                                            .slash("accept"),
                                        token -> post(() -> acceptInvite(supplierId, token))),
                                    path(
                                        "binding-requests",
                                        () -> get(() -> listRequests(supplierId))),
                                    path(
                                        PathMatchers.segment("binding-requests")
                                            .slash(PathMatchers.segment())
                                            .slash(PathMatchers.segment()),
                                        (requestId, decision) ->
                                            post(
                                                () ->
                                                    decide(supplierId, requestId, decision))))))));
  }

  private Route createInvite(String shopId) {
    return authorized(
        p -> p.owns(Principal.Role.SHOP, shopId),
        p ->
            respond(
                entities
                    .<Outcome<ShopCommand.InviteIssued>>shop(shopId, ShopCommand.CreateInvite::new)
                    .thenApply(
                        outcome ->
                            Responses.of(
                                outcome,
                                invite ->
                                    Responses.json(
                                        201,
                                        new InviteAnswer(
                                            invite.token(),
                                            inviteUrl(invite.token()),
                                            invite.expiresAt()))))));
  }

  /**
   * The token's shop must be an account before its entity is asked: a made-up token must not start
   * (and have remembered, restarted on every boot) a shop entity that never existed.
   */
  private Route acceptInvite(String supplierId, String token) {
    String shopId = InviteToken.shopOf(token);
    Problem unknown = Problem.of(ErrorCode.INVITE_UNKNOWN, "no such invite", "token");
    return authorized(
        p -> p.owns(Principal.Role.SUPPLIER, supplierId),
        p ->
            respond(
                (shopId == null
                        ? CompletableFuture.<AccountEntity.Account>failedFuture(unknown.exception())
                        : entities.requireAccount(shopId, AccountRole.SHOP, unknown))
                    .thenCompose(
                        shop ->
                            entities.<Outcome<Ack>>supplier(
                                supplierId, r -> new SupplierCommand.AcceptInvite(token, r)))
                    .thenApply(
                        outcome ->
                            Responses.of(
                                outcome,
                                ack ->
                                    Responses.json(
                                        200,
                                        Map.of(
                                            "shopId",
                                            shopId,
                                            "supplierId",
                                            supplierId,
                                            "status",
                                            "ACTIVE"))))));
  }

  private Route applyForBinding(String shopId) {
    return authorized(
        p -> p.owns(Principal.Role.SHOP, shopId),
        p ->
            body(
                BindingApplication.class,
                application -> {
                  String supplierId = Validation.required("supplierId", application.supplierId());
                  Problem invalid =
                      Problem.of(
                          ErrorCode.INVALID_SUPPLIER_ID,
                          "no supplier has the ID " + supplierId,
                          "supplierId");
                  return respond(
                      entities
                          .requireAccount(supplierId, AccountRole.SUPPLIER, invalid)
                          .thenCompose(
                              account ->
                                  entities.<Outcome<BindingRequest>>supplier(
                                      supplierId,
                                      r -> new SupplierCommand.RequestBinding(shopId, r)))
                          .thenApply(
                              outcome ->
                                  Responses.of(
                                      outcome,
                                      request ->
                                          Responses.json(
                                              201,
                                              Map.of(
                                                  "requestId",
                                                  request.requestId(),
                                                  "status",
                                                  request.status().name())))));
                }));
  }

  private Route listRequests(String supplierId) {
    return authorized(
        p -> p.owns(Principal.Role.SUPPLIER, supplierId),
        p ->
            respond(
                entities
                    .<SupplierCommand.BindingRequests>supplier(
                        supplierId, SupplierCommand.GetBindingRequests::new)
                    .thenApply(
                        requests ->
                            Responses.json(
                                200,
                                requests.byAge().stream()
                                    .map(
                                        r ->
                                            new RequestView(
                                                r.requestId(),
                                                r.shopId(),
                                                r.status().name(),
                                                r.createdAt()))
                                    .toList()))));
  }

  private Route decide(String supplierId, String requestId, String decision) {
    if (!decision.equals("approve") && !decision.equals("reject")) {
      return reject();
    }
    return authorized(
        p -> p.owns(Principal.Role.SUPPLIER, supplierId),
        p ->
            respond(
                entities
                    .<Outcome<BindingRequest>>supplier(
                        supplierId,
                        r ->
                            new SupplierCommand.DecideBindingRequest(
                                requestId, decision.equals("approve"), r))
                    .thenApply(
                        outcome ->
                            Responses.of(
                                outcome,
                                request ->
                                    Responses.json(
                                        200,
                                        Map.of(
                                            "requestId",
                                            request.requestId(),
                                            "status",
                                            request.status().name()))))));
  }

  private Route listSuppliers(String shopId) {
    return authorized(
        p -> p.owns(Principal.Role.SHOP, shopId),
        p ->
            respond(
                entities
                    .<ShopView>shop(shopId, ShopCommand.GetView::new)
                    .thenApply(state -> Responses.json(200, boundSuppliers(state)))));
  }

  static List<BoundSupplier> boundSuppliers(ShopView state) {
    return state.bindings().entrySet().stream()
        .map(e -> new BoundSupplier(e.getKey(), e.getValue().boundAt(), e.getValue().via().name()))
        .sorted(Comparator.comparing(BoundSupplier::supplierId))
        .toList();
  }

  /** Either side may unbind: the shop, or the supplier itself (for a shop that exists). */
  private Route unbind(String shopId, String supplierId) {
    return authorized(
        p -> p.owns(Principal.Role.SHOP, shopId) || p.owns(Principal.Role.SUPPLIER, supplierId),
        p ->
            respond(
                entities
                    .requireAccount(
                        shopId,
                        AccountRole.SHOP,
                        Problem.of(ErrorCode.NOT_FOUND, "no shop " + shopId, null))
                    .thenCompose(
                        shop ->
                            entities.<Outcome<Ack>>shop(
                                shopId, r -> new ShopCommand.Unbind(supplierId, r)))
                    .thenApply(
                        outcome ->
                            Responses.of(outcome, ack -> HttpResponse.create().withStatus(204)))));
  }
}
