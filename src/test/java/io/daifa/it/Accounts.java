package io.daifa.it;

import static io.daifa.it.Calls.call;
import static io.daifa.it.Calls.stored;

import io.daifa.client.api.AccountsApi;
import io.daifa.client.api.AgenciesApi;
import io.daifa.client.api.AllocationApi;
import io.daifa.client.api.BindingApi;
import io.daifa.client.model.AllocationModeRequest;
import io.daifa.client.model.CreateAgencyRequest;
import io.daifa.client.model.CreateShopRequest;
import io.daifa.client.model.CreateSupplierRequest;
import io.daifa.client.model.DepositRequest;
import io.daifa.client.model.RuleRequest;
import java.util.UUID;

/**
 * Accounts, bindings and routes made through the generated client as the platform, a shop and a
 * supplier make them: the setting every business-flow test starts from.
 */
final class Accounts {

  /** An account's ID and its API key. */
  record Account(String id, String key) {}

  private final HttpTestServer server;

  Accounts(HttpTestServer server) {
    this.server = server;
  }

  /**
   * Accounts are created with a key of their own, so that a {@code 503} (storage slow to answer a
   * first write on a shared test machine) is answered by sending the same request again.
   */
  private static String idempotencyKey() {
    return "it-" + UUID.randomUUID();
  }

  private AccountsApi platform() {
    return new AccountsApi(server.client(HttpTestServer.ADMIN));
  }

  Account shop(String name) {
    String key = idempotencyKey();
    var created = stored(() -> platform().createShop(key, new CreateShopRequest().name(name)));
    return new Account(created.getShopId(), created.getApiKey());
  }

  Account supplier(String name) {
    String key = idempotencyKey();
    var created =
        stored(
            () ->
                platform()
                    .createSupplier(
                        key,
                        new CreateSupplierRequest()
                            .name(name)
                            .identity(CreateSupplierRequest.IdentityEnum.SUPPLIER)));
    return new Account(created.getSupplierId(), created.getApiKey());
  }

  /** A business agency that has paid {@code deposit} fen (none when 0). */
  Account agency(String name, long deposit) {
    String key = idempotencyKey();
    var created =
        stored(
            () ->
                platform()
                    .createAgency(
                        key,
                        new CreateAgencyRequest()
                            .name(name)
                            .kind(CreateAgencyRequest.KindEnum.BUSINESS)));
    Account agency = new Account(created.getAgencyId(), created.getApiKey());
    if (deposit > 0) {
      call(
          () ->
              new AgenciesApi(server.client(HttpTestServer.ADMIN))
                  .recordDeposit(agency.id(), null, new DepositRequest().amount(deposit)));
    }
    return agency;
  }

  /** The shop invites the supplier and the supplier accepts: both sides consent. */
  void bind(Account shop, Account supplier) {
    String token =
        call(() -> new BindingApi(server.client(shop.key())).createInvite(shop.id())).getToken();
    call(() -> new BindingApi(server.client(supplier.key())).acceptInvite(supplier.id(), token));
  }

  /** The shop routes {@code spuId} to the supplier, by product. */
  void route(Account shop, String spuId, Account supplier) {
    call(
        () ->
            new AllocationApi(server.client(shop.key()))
                .setProductRoute(shop.id(), spuId, new RuleRequest().supplierId(supplier.id())));
  }

  /** The shop sends every line to one supplier (whole-shop mode). */
  void wholeShop(Account shop, Account supplier) {
    call(
        () ->
            new AllocationApi(server.client(shop.key()))
                .setAllocationMode(shop.id(), wholeShopTo(supplier.id())));
  }

  static AllocationModeRequest wholeShopTo(String supplierId) {
    return new AllocationModeRequest()
        .mode(AllocationModeRequest.ModeEnum.WHOLE_SHOP)
        .supplierId(supplierId);
  }

  /** A new supplier bound to the shop, with each of {@code spuIds} routed to it. */
  Account boundSupplier(Account shop, String... spuIds) {
    Account supplier = supplier("Co");
    bind(shop, supplier);
    for (String spuId : spuIds) {
      route(shop, spuId, supplier);
    }
    return supplier;
  }
}
