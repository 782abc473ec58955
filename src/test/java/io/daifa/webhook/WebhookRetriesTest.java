package io.daifa.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebhookRetriesTest {

  private static final WebhookSettings SETTINGS =
      new WebhookSettings(
          true,
          false,
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofHours(1),
          Duration.ofHours(24),
          4);
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private final WebhookRetries retries = new WebhookRetries(SETTINGS, new Random(42));

  @Test
  void shouldDoubleTheBackoffUpToItsCapWithJitterBetweenHalfAndAll() {
    long[] full = {10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600};
    for (int attempt = 1; attempt <= full.length; attempt++) {
      for (int draw = 0; draw < 200; draw++) {
        long millis = retries.backoff(attempt).toMillis();
        long cap = full[attempt - 1] * 1000;
        assertTrue(millis >= cap / 2 && millis <= cap, attempt + ": " + millis);
      }
    }
    assertTrue(retries.backoff(1000).toMillis() <= 3_600_000, "no overflow far out");
  }

  @Test
  void shouldSpreadRetriesOfDeliveriesThatFailedTogether() {
    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToLong(i -> retries.backoff(3).toMillis())
            .distinct()
            .count();
    assertTrue(distinct > 40, "jitter: " + distinct + " distinct waits of 50");
  }

  @Test
  void shouldDeliverOnA2xxAndRetryAnythingElseUntilTheWindowCloses() {
    WebhookDelivery fresh = delivery(0);
    WebhookDelivery ok = retries.after(fresh, WebhookPoster.Result.answered(204), T0);
    assertEquals(WebhookDelivery.Status.DELIVERED, ok.status());
    assertEquals(1, ok.attempts());
    assertNull(ok.nextAttemptAt());

    WebhookDelivery failed = retries.after(fresh, WebhookPoster.Result.answered(503), T0);
    assertEquals(WebhookDelivery.Status.PENDING, failed.status());
    assertEquals("HTTP 503", failed.lastResult());
    assertTrue(failed.nextAttemptAt().isAfter(T0.plusSeconds(4)));
    assertEquals(
        WebhookDelivery.Status.PENDING,
        retries.after(fresh, WebhookPoster.Result.answered(302), T0).status(),
        "a redirect is not followed, so not a delivery");

    Instant late = T0.plus(Duration.ofHours(23).plusMinutes(59));
    WebhookDelivery exhausted =
        retries.after(delivery(20), WebhookPoster.Result.failed("connection refused"), late);
    assertEquals(WebhookDelivery.Status.FAILED, exhausted.status(), "past 24 h: given up");
    assertEquals(21, exhausted.attempts());

    WebhookDelivery refused =
        retries.after(fresh, new WebhookPoster.Result(false, true, "internal address"), T0);
    assertEquals(WebhookDelivery.Status.FAILED, refused.status(), "a permanent failure");
  }

  private static WebhookDelivery delivery(int attempts) {
    return new WebhookDelivery(
        "sup_a",
        7,
        WebhookPayload.ORDERS_DISPATCHED,
        "{}",
        T0,
        T0,
        WebhookDelivery.Status.PENDING,
        attempts,
        null,
        null,
        null);
  }
}
