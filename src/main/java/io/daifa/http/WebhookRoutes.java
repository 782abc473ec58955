package io.daifa.http;

import io.daifa.account.AccountEntity;
import io.daifa.account.AccountRole;
import io.daifa.common.Ack;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.supplier.SupplierCommand;
import io.daifa.webhook.WebhookDelivery;
import io.daifa.webhook.WebhookEndpoint;
import io.daifa.webhook.WebhookPayload;
import io.daifa.webhook.WebhookStore;
import io.daifa.webhook.WebhookTargets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A supplier's webhook: {@code PUT/GET/DELETE /v1/suppliers/{id}/webhook} (the endpoint and its
 * signing secret, answered with the secret's last four characters only), {@code GET
 * …/webhook/deliveries} (the delivery log, newest first, paged by {@code before}), {@code GET
 * …/webhook/deliveries/{deliveryId}} (one, with what was sent) and {@code POST
 * …/deliveries/{deliveryId}/redeliver}. For the supplier itself or the platform.
 */
final class WebhookRoutes extends RouteSupport {

  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 256;
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 200;

  private final WebhookStore store;
  private final WebhookTargets targets;

  WebhookRoutes(
      Authenticator authenticator, Entities entities, WebhookStore store, WebhookTargets targets) {
    super(authenticator, entities);
    this.store = store;
    this.targets = targets;
  }

  record WebhookRequest(String url, String secret) {}

  record WebhookView(String url, String secretHint, Instant setAt) {
    static WebhookView of(WebhookEndpoint endpoint) {
      return new WebhookView(endpoint.url(), endpoint.secretHint(), endpoint.setAt());
    }
  }

  /** A delivery in the log; {@code payload} (the body as sent) only when one is asked for. */
  record DeliveryView(
      String deliveryId,
      String type,
      String status,
      int attempts,
      Instant createdAt,
      Instant lastAttemptAt,
      String lastResult,
      Instant nextAttemptAt,
      Object payload) {
    static DeliveryView of(WebhookDelivery d, boolean withPayload) {
      return new DeliveryView(
          d.deliveryId(),
          d.type(),
          d.status().name(),
          d.attempts(),
          d.createdAt(),
          d.lastAttemptAt(),
          d.lastResult(),
          d.nextAttemptAt(),
          withPayload ? Json.tree(d.body()) : null);
    }
  }

  record DeliveriesPage(List<DeliveryView> deliveries, String next) {}

  Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("suppliers").slash(PathMatchers.segment()),
        supplierId ->
            pathPrefix(
                "webhook",
                () ->
                    concat(
                        pathEndOrSingleSlash(
                            () ->
                                concat(
                                    put(() -> owner(supplierId, () -> set(supplierId))),
                                    get(() -> owner(supplierId, () -> show(supplierId))),
                                    delete(() -> owner(supplierId, () -> remove(supplierId))))),
                        path(
                            "deliveries",
                            () ->
                                get(
                                    () ->
                                        owner(
                                            supplierId,
                                            () ->
                                                parameterOptional(
                                                    "before",
                                                    before ->
                                                        parameterOptional(
                                                            "limit",
                                                            limit ->
                                                                deliveries(
                                                                    supplierId, before, limit)))))),
                        path(
                            PathMatchers.segment("deliveries").slash(PathMatchers.segment()),
                            deliveryId ->
                                get(
                                    () ->
                                        owner(supplierId, () -> delivery(supplierId, deliveryId)))),
                        path(
                            PathMatchers.segment("deliveries")
                                .slash(PathMatchers.segment())
                                .slash("redeliver"),
                            deliveryId ->
                                post(
                                    () ->
                                        owner(
                                            supplierId,
                                            () -> redeliver(supplierId, deliveryId)))))));
  }

  /** The supplier itself or the platform; 403 for any other key. */
  private Route owner(String supplierId, Supplier<Route> inner) {
    return authorized(
        p -> p.is(Principal.Role.ADMIN) || p.owns(Principal.Role.SUPPLIER, supplierId),
        p -> inner.get());
  }

  /** The supplier's account, or 404 without starting an entity for a made-up ID. */
  private CompletionStage<AccountEntity.Account> supplierAccount(String supplierId) {
    Problem unknown = Problem.of(ErrorCode.NOT_FOUND, "no supplier " + supplierId, null);
    return entities.requireAccount(supplierId, AccountRole.SUPPLIER, unknown);
  }

  private Route set(String supplierId) {
    return body(
        WebhookRequest.class,
        request -> {
          String url = Validation.required("url", request.url()).strip();
          String problem = targets.problemWith(url);
          if (problem != null) {
            throw invalid("url", problem);
          }
          String secret = secret(request.secret());
          return respond(
              supplierAccount(supplierId)
                  .thenCompose(
                      ok ->
                          entities.<Outcome<Ack>>supplier(
                              supplierId, r -> new SupplierCommand.SetWebhook(url, secret, r)))
                  .thenCompose(
                      outcome ->
                          outcome.isDone()
                              ? webhookView(supplierId)
                              : CompletableFuture.completedFuture(
                                  Responses.of(outcome, ack -> null))));
        });
  }

  private static String secret(String secret) {
    Validation.required("secret", secret);
    if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
      throw invalid("secret", "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters");
    }
    if (!secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw invalid("secret", "must be printable ASCII characters without spaces");
    }
    return secret;
  }

  private Route show(String supplierId) {
    return respond(supplierAccount(supplierId).thenCompose(ok -> webhookView(supplierId)));
  }

  private CompletionStage<HttpResponse> webhookView(String supplierId) {
    return entities
        .<Outcome<WebhookEndpoint>>supplier(supplierId, SupplierCommand.GetWebhook::new)
        .thenApply(
            outcome ->
                Responses.of(outcome, endpoint -> Responses.json(200, WebhookView.of(endpoint))));
  }

  private Route remove(String supplierId) {
    return respond(
        supplierAccount(supplierId)
            .thenCompose(
                ok ->
                    entities.<Outcome<Ack>>supplier(supplierId, SupplierCommand.RemoveWebhook::new))
            .thenApply(
                outcome -> Responses.of(outcome, ack -> HttpResponse.create().withStatus(204))));
  }

  private Route deliveries(String supplierId, Optional<String> before, Optional<String> limit) {
    int page = Validation.limit(limit, DEFAULT_PAGE, MAX_PAGE);
    Long beforeSeq = before.map(id -> seq("before", id)).orElse(null);
    return respond(
        supplierAccount(supplierId)
            .thenCompose(ok -> store.deliveries(supplierId, beforeSeq, page))
            .thenApply(
                list ->
                    Responses.json(
                        200,
                        new DeliveriesPage(
                            list.stream().map(d -> DeliveryView.of(d, false)).toList(),
                            list.size() < page ? null : list.get(list.size() - 1).deliveryId()))));
  }

  private Route delivery(String supplierId, String deliveryId) {
    long seq = seq("deliveryId", deliveryId);
    return respond(
        logged(supplierId, seq)
            .thenApply(
                d ->
                    d == null
                        ? Responses.problem(noDelivery(deliveryId))
                        : Responses.json(200, DeliveryView.of(d, true))));
  }

  /** Sends the delivery again, whatever its status; answered once the request is stored. */
  private Route redeliver(String supplierId, String deliveryId) {
    long seq = seq("deliveryId", deliveryId);
    Map<String, String> pending =
        Map.of("deliveryId", deliveryId, "status", WebhookDelivery.Status.PENDING.name());
    return respond(
        logged(supplierId, seq)
            .thenCompose(
                d ->
                    d == null
                        ? CompletableFuture.completedFuture(
                            Responses.problem(noDelivery(deliveryId)))
                        : entities
                            .<Outcome<Ack>>supplier(
                                supplierId, r -> new SupplierCommand.RedeliverWebhook(seq, r))
                            .thenApply(
                                outcome ->
                                    Responses.of(outcome, ack -> Responses.json(202, pending)))));
  }

  /** The delivery, once the supplier is known to exist; null when the log does not have it. */
  private CompletionStage<WebhookDelivery> logged(String supplierId, long seq) {
    return supplierAccount(supplierId)
        .thenCompose(ok -> store.delivery(supplierId, seq))
        .thenApply(d -> d == null || d.body() == null ? null : d);
  }

  private static Problem noDelivery(String deliveryId) {
    return Problem.of(ErrorCode.NOT_FOUND, "no delivery " + deliveryId, "deliveryId");
  }

  private static long seq(String field, String deliveryId) {
    long seq = WebhookPayload.seqOf(deliveryId);
    if (seq < 0) {
      throw invalid(field, "is not a delivery ID (d followed by digits)");
    }
    return seq;
  }
}
