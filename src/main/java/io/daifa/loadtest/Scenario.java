package io.daifa.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.http.Json;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The accounts and rules a load test runs against, created through the router's own HTTP API the
 * way real users create them. Shops alternate between the two modes: an even shop ships everything
 * through one supplier ({@code WHOLE_SHOP}); an odd shop routes its SPUs alternately to two bound
 * suppliers ({@code BY_PRODUCT}), so its multi-line orders are split. The suppliers' keys are kept
 * (by supplier ID, in creation order) for reading their lists back.
 */
public record Scenario(
    List<String> shopIds,
    List<String> agencyIds,
    int spusPerShop,
    Map<String, String> supplierKeys) {

  /** A scenario whose suppliers are not read back (the load test's own pieces). */
  public Scenario(List<String> shopIds, List<String> agencyIds, int spusPerShop) {
    this(shopIds, agencyIds, spusPerShop, Map.of());
  }

  /** Requests in flight while setting up. */
  private static final int PARALLEL = 32;

  private static final int MAX_ATTEMPTS = 20;
  private static final long RETRY_PAUSE_MS = 250;

  public static Scenario create(
      String baseUrl, String adminKey, LoadOptions options, PrintStream out) throws Exception {
    Setup setup = new Setup(baseUrl, adminKey);
    long start = System.nanoTime();
    List<Account> suppliers = new ArrayList<>();
    for (int i = 0; i < options.suppliers(); i++) {
      suppliers.add(
          setup.create("/v1/suppliers", "{\"name\":\"load supplier\",\"identity\":\"SUPPLIER\"}"));
    }
    List<Account> agencies = new ArrayList<>();
    for (int i = 0; i < options.agencies(); i++) {
      agencies.add(
          setup.create("/v1/agencies", "{\"name\":\"load agency\",\"kind\":\"BUSINESS\"}"));
    }
    List<Account> shops = new ArrayList<>();
    for (int i = 0; i < options.shops(); i++) {
      shops.add(setup.create("/v1/shops", "{\"name\":\"load shop " + i + "\"}"));
    }
    setup.await();
    out.printf(
        "[loadtest] created %d shops, %d suppliers, %d agencies%n",
        shops.size(), suppliers.size(), agencies.size());
    for (int i = 0; i < shops.size(); i++) {
      Account shop = shops.get(i);
      Account first = suppliers.get(i % suppliers.size());
      Account second = suppliers.get((i + 1) % suppliers.size());
      setup.bind(shop, first);
      if (!wholeShop(i, first, second)) {
        setup.bind(shop, second);
      }
    }
    setup.await();
    for (int i = 0; i < shops.size(); i++) {
      Account shop = shops.get(i);
      Account first = suppliers.get(i % suppliers.size());
      Account second = suppliers.get((i + 1) % suppliers.size());
      if (wholeShop(i, first, second)) {
        setup.put(
            shop,
            "/v1/shops/" + shop.id + "/allocation/mode",
            "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"" + first.id + "\"}");
      } else {
        setup.put(shop, "/v1/shops/" + shop.id + "/allocation/mode", "{\"mode\":\"BY_PRODUCT\"}");
        for (int spu = 0; spu < options.spusPerShop(); spu++) {
          Account to = spu % 2 == 0 ? first : second;
          setup.put(
              shop,
              "/v1/shops/" + shop.id + "/allocation/products/" + OrderGenerator.spuId(spu),
              "{\"supplierId\":\"" + to.id + "\"}");
        }
      }
    }
    setup.await();
    out.printf(
        "[loadtest] bound and routed every shop (%d requests) in %.1f s%n",
        setup.requests.get(), (System.nanoTime() - start) / 1e9);
    return new Scenario(
        shops.stream().map(a -> a.id).toList(),
        agencies.stream().map(a -> a.id).toList(),
        options.spusPerShop(),
        suppliers.stream()
            .collect(
                Collectors.toMap(
                    a -> a.id, a -> a.key, (a, b) -> a, java.util.LinkedHashMap::new)));
  }

  /** Even shops, and any shop with a single supplier to use, ship everything through one. */
  private static boolean wholeShop(int shop, Account first, Account second) {
    return shop % 2 == 0 || first.id.equals(second.id);
  }

  /** An account as created: its ID is filled in when the creating request answers. */
  private static final class Account {
    volatile String id;
    volatile String key;
  }

  /** Setup requests, {@link #PARALLEL} at a time; any failure fails the load test. */
  private static final class Setup {
    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String adminKey;
    private final Semaphore slots = new Semaphore(PARALLEL);
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    Setup(String baseUrl, String adminKey) {
      this.baseUrl = baseUrl;
      this.adminKey = adminKey;
    }

    Account create(String path, String body) {
      Account account = new Account();
      track(
          send("POST", path, adminKey, body)
              .thenAccept(
                  json -> {
                    account.id = json.path(idField(path)).asText();
                    account.key = json.path("apiKey").asText();
                  }));
      return account;
    }

    /**
     * Binding by invite: the shop invites, the supplier accepts. The accept is sent from the
     * invite's callback, which must not block on a slot: it goes out without one.
     */
    void bind(Account shop, Account supplier) {
      track(
          send("POST", "/v1/shops/" + shop.id + "/invites", shop.key, null)
              .thenCompose(
                  invite ->
                      attempt(
                          "POST",
                          "/v1/suppliers/"
                              + supplier.id
                              + "/invites/"
                              + invite.path("token").asText()
                              + "/accept",
                          supplier.key,
                          null,
                          UUID.randomUUID().toString(),
                          1)));
    }

    void put(Account shop, String path, String body) {
      track(send("PUT", path, shop.key, body));
    }

    /** Waits for every request made so far. */
    void await() {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
      pending.clear();
    }

    private void track(CompletableFuture<?> request) {
      pending.add(request);
    }

    private CompletableFuture<JsonNode> send(String method, String path, String key, String body) {
      slots.acquireUninterruptibly();
      return attempt(method, path, key, body, UUID.randomUUID().toString(), 1)
          .whenComplete((json, failure) -> slots.release());
    }

    /**
     * One try; a 503 (a router warming up: entities starting, shards allocating) is tried again
     * after a pause, with the same idempotency key, so a created account is never created twice.
     */
    private CompletableFuture<JsonNode> attempt(
        String method, String path, String key, String body, String idempotencyKey, int attempt) {
      requests.incrementAndGet();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", idempotencyKey)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body))
              .build();
      return client
          .sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenCompose(
              response -> {
                int status = response.statusCode();
                if (status == 503 && attempt < MAX_ATTEMPTS) {
                  Executor later =
                      CompletableFuture.delayedExecutor(RETRY_PAUSE_MS, TimeUnit.MILLISECONDS);
                  return CompletableFuture.supplyAsync(() -> null, later)
                      .thenCompose(
                          ignored -> attempt(method, path, key, body, idempotencyKey, attempt + 1));
                }
                // An accept retried after a 503 may find its own first try went through.
                boolean alreadyDone = attempt > 1 && response.body().contains("INVITE_USED");
                if (status >= 300 && !alreadyDone) {
                  throw new IllegalStateException(
                      "setup failed: "
                          + method
                          + " "
                          + path
                          + " answered "
                          + status
                          + " "
                          + response.body());
                }
                return CompletableFuture.completedFuture(
                    response.body().isEmpty() || alreadyDone
                        ? Json.MAPPER.createObjectNode()
                        : Json.read(response.body(), JsonNode.class));
              });
    }

    private static String idField(String path) {
      return switch (path) {
        case "/v1/shops" -> "shopId";
        case "/v1/suppliers" -> "supplierId";
        default -> "agencyId";
      };
    }
  }
}
