package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.daifa.client.ApiException;
import io.daifa.client.api.AccountsApi;
import io.daifa.client.api.BindingApi;
import io.daifa.client.model.CreateShopRequest;
import io.daifa.client.model.CreatedShop;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Account keys over restarts: a creation retried with its Idempotency-Key after the router
 * restarted (the first answer lived only in its memory) gets the same account and a new key, and
 * the first key stops working; a key rotated through {@code …/keys} replaces the old one at once.
 * It speaks to the router through the client generated from {@code openapi.yaml}.
 */
class AccountKeysIT {

  /** Creates the shop with the same Idempotency-Key each time. */
  private static CreatedShop create(HttpTestServer server) {
    return Calls.stored(
        () ->
            new AccountsApi(server.client(HttpTestServer.ADMIN))
                .createShop("create-tea-house", new CreateShopRequest().name("Tea House")));
  }

  /** Lists the shop's suppliers with {@code key}: works, or the key is refused (401). */
  private static void listSuppliers(HttpTestServer server, String shopId, String key)
      throws ApiException {
    new BindingApi(server.client(key)).listShopSuppliers(shopId);
  }

  private static void assertRefused(HttpTestServer server, String shopId, String key, String why) {
    ApiException refused =
        assertThrows(ApiException.class, () -> listSuppliers(server, shopId, key), why);
    assertEquals(401, refused.getCode(), why);
  }

  @Test
  void aRetryAfterARestartGetsTheSameAccountWithANewKeyAndRotationRevokesAtOnce() throws Exception {
    Map<String, Object> config = HttpTestServer.config("keys");
    ShiftedClock clock = new ShiftedClock();
    String shopId;
    String firstKey;
    try (HttpTestServer server = new HttpTestServer(config, clock)) {
      CreatedShop first = create(server);
      shopId = first.getShopId();
      firstKey = first.getApiKey();
      assertEquals(first, create(server), "a retry on the same router: the first answer");
    }

    try (HttpTestServer restarted = new HttpTestServer(config, clock)) {
      CreatedShop again = create(restarted);
      assertEquals(shopId, again.getShopId(), "the same shop");
      String secondKey = again.getApiKey();
      assertNotEquals(firstKey, secondKey);
      listSuppliers(restarted, shopId, secondKey);
      assertRefused(restarted, shopId, firstKey, "the lost key is revoked");

      String thirdKey =
          new AccountsApi(restarted.client(secondKey)).rotateShopKey(shopId).getApiKey();
      listSuppliers(restarted, shopId, thirdKey);
      assertRefused(restarted, shopId, secondKey, "revoked at once on this node");
    }
  }
}
