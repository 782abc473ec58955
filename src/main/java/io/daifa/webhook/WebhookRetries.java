package io.daifa.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * What an attempt makes of a delivery: delivered on a 2xx answer; otherwise pending again after a
 * backoff that doubles from {@code min-backoff} up to {@code max-backoff}, each wait drawn between
 * half and all of it (so that deliveries failing together do not come back together), until the
 * next attempt would fall past {@code retry-for} after the delivery's window began: then FAILED.
 */
public final class WebhookRetries {

  private final WebhookSettings settings;
  private final RandomGenerator random;

  public WebhookRetries(WebhookSettings settings, RandomGenerator random) {
    this.settings = settings;
    this.random = random;
  }

  /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
  public Duration backoff(int attempts) {
    long min = settings.minBackoff().toMillis();
    long max = settings.maxBackoff().toMillis();
    int doublings = Math.min(Math.max(attempts - 1, 0), 40);
    long full = min > (max >> doublings) ? max : Math.min(max, min << doublings);
    long half = full / 2;
    return Duration.ofMillis(half + random.nextLong(full - half + 1));
  }

  /** The delivery after an attempt at {@code at} that ended with {@code result}. */
  public WebhookDelivery after(WebhookDelivery before, WebhookPoster.Result result, Instant at) {
    int attempts = before.attempts() + 1;
    if (result.delivered()) {
      return with(before, WebhookDelivery.Status.DELIVERED, attempts, at, result.summary(), null);
    }
    Instant next = at.plus(backoff(attempts));
    Instant windowStart = before.windowStart() != null ? before.windowStart() : before.createdAt();
    if (result.permanent() || next.isAfter(windowStart.plus(settings.retryFor()))) {
      return with(before, WebhookDelivery.Status.FAILED, attempts, at, result.summary(), null);
    }
    return with(before, WebhookDelivery.Status.PENDING, attempts, at, result.summary(), next);
  }

  private static WebhookDelivery with(
      WebhookDelivery d,
      WebhookDelivery.Status status,
      int attempts,
      Instant at,
      String result,
      Instant next) {
    return new WebhookDelivery(
        d.supplierId(),
        d.seq(),
        d.type(),
        d.body(),
        d.createdAt(),
        d.windowStart(),
        status,
        attempts,
        at,
        result,
        next);
  }
}
