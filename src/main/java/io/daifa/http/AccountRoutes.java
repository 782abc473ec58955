package io.daifa.http;

import io.daifa.account.AccountEntity;
import io.daifa.account.AccountRole;
import io.daifa.account.ApiKeys;
import io.daifa.common.Ack;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.shop.ShopCommand;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierIdentity;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /v1/shops}, {@code /v1/suppliers}, {@code /v1/agencies} (admin), and their {@code
 * …/{id}/keys} rotation (admin or the account). The domain entity is registered first and the
 * account (which makes the key valid) last, so a key is never handed out for a half-created
 * account; a retry with the same {@code Idempotency-Key} completes what is missing and answers the
 * first answer.
 */
final class AccountRoutes extends RouteSupport {

  record NewShop(String name) {}

  record NewSupplier(String name, SupplierIdentity identity) {}

  enum AgencyKind {
    INDIVIDUAL,
    BUSINESS
  }

  record NewAgency(String name, AgencyKind kind) {}

  private final IssuedKeys issuedKeys;

  AccountRoutes(Authenticator authenticator, Entities entities, IssuedKeys issuedKeys) {
    super(authenticator, entities);
    this.issuedKeys = issuedKeys;
  }

  Route routes() {
    return pathPrefix(
        "v1",
        () ->
            concat(
                path("shops", () -> post(() -> admin(this::createShop))),
                path("suppliers", () -> post(() -> admin(this::createSupplier))),
                path("agencies", () -> post(() -> admin(this::createAgency))),
                keys("shops", AccountRole.SHOP),
                keys("suppliers", AccountRole.SUPPLIER),
                keys("agencies", AccountRole.AGENCY)));
  }

  /** {@code POST /v1/<accounts>/{id}/keys} (admin or the account): a new key; the old one stops. */
  private Route keys(String accounts, AccountRole role) {
    return path(
        PathMatchers.segment(accounts).slash(PathMatchers.segment()).slash("keys"),
        accountId ->
            post(
                () ->
                    authorized(
                        p ->
                            p.is(Principal.Role.ADMIN)
                                || p.owns(Principal.Role.valueOf(role.name()), accountId),
                        p -> rotateKey(accountId, role))));
  }

  private Route rotateKey(String accountId, AccountRole role) {
    String apiKey = ApiKeys.newKey(accountId);
    String hash = ApiKeys.hash(apiKey);
    return respond(
        entities
            .requireAccount(
                accountId, role, Problem.of(ErrorCode.NOT_FOUND, "no account " + accountId, null))
            .thenCompose(
                account ->
                    entities.<Outcome<AccountEntity.Account>>account(
                        accountId, r -> new AccountEntity.RotateKey(hash, r)))
            .thenApply(
                rotated ->
                    Responses.of(
                        rotated,
                        account -> {
                          authenticator.forget(accountId);
                          return Responses.json(
                              201, Map.of("accountId", accountId, "apiKey", apiKey));
                        })));
  }

  private Route admin(Function<Optional<String>, Route> inner) {
    return authorized(
        p -> p.is(Principal.Role.ADMIN),
        p -> optionalHeaderValueByName("Idempotency-Key", inner::apply));
  }

  private Route createShop(Optional<String> idempotencyKey) {
    return body(
        NewShop.class,
        shop -> {
          String name = Validation.name("name", shop.name());
          IssuedKeys.Issued issued = issue(AccountRole.SHOP, idempotencyKey);
          CompletionStage<HttpResponse> answer =
              entities
                  .<Outcome<Ack>>shop(issued.accountId(), r -> new ShopCommand.Register(name, r))
                  .thenCompose(
                      registered ->
                          createAccount(
                              issued,
                              AccountRole.SHOP,
                              name,
                              null,
                              Map.of("shopId", issued.accountId(), "apiKey", issued.apiKey())));
          return respond(answer);
        });
  }

  private Route createSupplier(Optional<String> idempotencyKey) {
    return body(
        NewSupplier.class,
        supplier -> {
          String name = Validation.name("name", supplier.name());
          SupplierIdentity identity = Validation.required("identity", supplier.identity());
          IssuedKeys.Issued issued = issue(AccountRole.SUPPLIER, idempotencyKey);
          CompletionStage<HttpResponse> answer =
              entities
                  .<Outcome<Ack>>supplier(
                      issued.accountId(), r -> new SupplierCommand.Register(name, identity, r))
                  .thenCompose(
                      registered ->
                          createAccount(
                              issued,
                              AccountRole.SUPPLIER,
                              name,
                              identity.name(),
                              Map.of(
                                  "supplierId",
                                  issued.accountId(),
                                  "apiKey",
                                  issued.apiKey(),
                                  "validSupplierId",
                                  identity == SupplierIdentity.SUPPLIER)));
          return respond(answer);
        });
  }

  private Route createAgency(Optional<String> idempotencyKey) {
    return body(
        NewAgency.class,
        agency -> {
          String name = Validation.name("name", agency.name());
          AgencyKind kind = Validation.required("kind", agency.kind());
          IssuedKeys.Issued issued = issue(AccountRole.AGENCY, idempotencyKey);
          return respond(
              createAccount(
                  issued,
                  AccountRole.AGENCY,
                  name,
                  kind.name(),
                  Map.of("agencyId", issued.accountId(), "apiKey", issued.apiKey())));
        });
  }

  private IssuedKeys.Issued issue(AccountRole role, Optional<String> idempotencyKey) {
    idempotencyKey.ifPresent(key -> Validation.text("Idempotency-Key", key, 200));
    return issuedKeys.issue(role, idempotencyKey.orElse(null));
  }

  private CompletionStage<HttpResponse> createAccount(
      IssuedKeys.Issued issued, AccountRole role, String name, String kind, Object answer) {
    String hash = ApiKeys.hash(issued.apiKey());
    return entities
        .<Outcome<AccountEntity.Account>>account(
            issued.accountId(), r -> new AccountEntity.Create(role, name, kind, hash, r))
        .thenApply(created -> Responses.of(created, account -> Responses.json(201, answer)));
  }
}
