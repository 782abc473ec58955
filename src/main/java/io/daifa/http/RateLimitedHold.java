package io.daifa.http;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Answers a refusal for being over the shop's share ({@code 429}) a little later ({@code
 * daifa.ingest.rate-limited-hold}): a client that sends again at once, ignoring {@code
 * Retry-After}, would otherwise keep the node's cores busy parsing and refusing its orders, at the
 * other shops' expense. Holding the answer is the cheapest way to slow it: a connection waits, and
 * nothing is computed meanwhile.
 */
final class RateLimitedHold {

  private final Duration hold;

  RateLimitedHold(Duration hold) {
    this.hold = hold;
  }

  <T> CompletionStage<Outcome<T>> apply(Outcome<T> outcome) {
    if (hold.isZero()
        || !(outcome instanceof Outcome.Refused<T> refused)
        || refused.rejection().code() != ErrorCode.RATE_LIMITED) {
      return CompletableFuture.completedFuture(outcome);
    }
    return CompletableFuture.supplyAsync(
        () -> outcome, CompletableFuture.delayedExecutor(hold.toNanos(), TimeUnit.NANOSECONDS));
  }
}
