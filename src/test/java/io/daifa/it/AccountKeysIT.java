package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.it.ApiClient.Answer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Account keys over restarts: a creation retried with its Idempotency-Key after the router
 * restarted (the first answer lived only in its memory) gets the same account and a new key, and
 * the first key stops working; a key rotated through {@code …/keys} replaces the old one at once.
 */
class AccountKeysIT {

  private static final String BODY = "{\"name\":\"Tea House\"}";

  private static JsonNode create(ApiClient api) {
    Answer answer =
        api.send(
            "POST",
            "/v1/shops",
            HttpTestServer.ADMIN,
            BODY.getBytes(),
            "application/json",
            "create-tea-house");
    assertEquals(201, answer.status(), answer.toString());
    return answer.json();
  }

  private static int suppliersStatus(ApiClient api, String shopId, String key) {
    return api.get("/v1/shops/" + shopId + "/suppliers", key).status();
  }

  @Test
  void aRetryAfterARestartGetsTheSameAccountWithANewKeyAndRotationRevokesAtOnce() throws Exception {
    Map<String, Object> config = HttpTestServer.config("keys");
    ShiftedClock clock = new ShiftedClock();
    String shopId;
    String firstKey;
    try (HttpTestServer server = new HttpTestServer(config, clock)) {
      JsonNode first = create(server.api);
      shopId = first.get("shopId").asText();
      firstKey = first.get("apiKey").asText();
      assertEquals(first, create(server.api), "a retry on the same router: the first answer");
    }

    try (HttpTestServer restarted = new HttpTestServer(config, clock)) {
      ApiClient api = restarted.api;
      JsonNode again = create(api);
      assertEquals(shopId, again.get("shopId").asText(), "the same shop");
      String secondKey = again.get("apiKey").asText();
      assertNotEquals(firstKey, secondKey);
      assertEquals(200, suppliersStatus(api, shopId, secondKey));
      assertEquals(401, suppliersStatus(api, shopId, firstKey), "the lost key is revoked");

      Answer rotated = api.post("/v1/shops/" + shopId + "/keys", secondKey, null);
      assertEquals(201, rotated.status(), rotated.toString());
      String thirdKey = rotated.text("apiKey");
      assertEquals(200, suppliersStatus(api, shopId, thirdKey));
      assertEquals(401, suppliersStatus(api, shopId, secondKey), "revoked at once on this node");
    }
  }
}
