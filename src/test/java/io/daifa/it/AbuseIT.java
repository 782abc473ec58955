package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.it.ApiClient.Answer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A client trying random well-shaped account keys: each would start an account entity and a journal
 * read, so after a burst of unknown keys its requests are refused with 429 and Retry-After, while
 * keys verified before and the role keys are still served.
 */
class AbuseIT {

  private static final int GUESSES = 300;
  private static final int IN_FLIGHT = 16;

  @Test
  void aClientGuessingKeysIsRateLimitedWhileKnownKeysAreServed() throws Exception {
    try (HttpTestServer server = new HttpTestServer("abuse")) {
      ApiClient api = server.api;
      JsonNode shop = api.post("/v1/shops", HttpTestServer.ADMIN, "{\"name\":\"real\"}").json();
      String shopId = shop.get("shopId").asText();
      String shopKey = shop.get("apiKey").asText();
      assertEquals(200, api.get("/v1/shops/" + shopId + "/suppliers", shopKey).status());

      // Many at a time: far faster than the refill, whatever one guess costs on this machine.
      SecureRandom random = new SecureRandom();
      ExecutorService callers = Executors.newFixedThreadPool(IN_FLIGHT);
      List<Future<Answer>> guesses = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < GUESSES; i++) {
        String guess = "shp_" + randomLetters(random, 20) + "." + randomLetters(random, 43);
        guesses.add(callers.submit(() -> api.get("/v1/shops/" + shopId + "/suppliers", guess)));
      }
      int unauthorized = 0;
      int limited = 0;
      for (Future<Answer> guess : guesses) {
        Answer answer = guess.get();
        if (answer.status() == 429) {
          limited++;
          assertEquals("RATE_LIMITED", answer.code());
          assertTrue(answer.raw().headers().firstValue("Retry-After").isPresent());
        } else {
          assertEquals(401, answer.status(), answer.toString());
          unauthorized++;
        }
      }
      callers.shutdown();
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(limited > 0, "guesses refused at once: " + limited);
      assertTrue(unauthorized >= 100, "the burst is answered 401: " + unauthorized);
      // The standard limiter: a burst of 100, refilled at 20 per second, whatever the concurrency.
      assertTrue(
          unauthorized <= 100 + 20 * seconds + 1,
          unauthorized + " guesses reached an account entity in " + seconds + " s");

      assertEquals(200, api.get("/v1/shops/" + shopId + "/suppliers", shopKey).status());
      assertEquals(
          201, api.post("/v1/shops", HttpTestServer.ADMIN, "{\"name\":\"another\"}").status());
    }
  }

  private static String randomLetters(SecureRandom random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
