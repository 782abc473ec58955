package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitedHoldTest {

  private final RateLimitedHold hold = new RateLimitedHold(Duration.ofMillis(300));

  @Test
  void aRateLimitedRefusalIsAnsweredNoSoonerThanTheHold() throws Exception {
    Outcome<String> limited = Outcome.refused(ErrorCode.RATE_LIMITED, "over its share");
    long start = System.nanoTime();
    CompletableFuture<Outcome<String>> answer = hold.apply(limited).toCompletableFuture();
    assertFalse(answer.isDone(), "held");
    assertEquals(limited, answer.get(5, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
  }

  @Test
  void everyOtherOutcomeIsAnsweredAtOnce() {
    assertTrue(hold.apply(Outcome.done("stored")).toCompletableFuture().isDone());
    assertTrue(
        hold.apply(Outcome.refused(ErrorCode.UNAVAILABLE, "storage"))
            .toCompletableFuture()
            .isDone());
    assertTrue(
        new RateLimitedHold(Duration.ZERO)
            .apply(Outcome.refused(ErrorCode.RATE_LIMITED, "over"))
            .toCompletableFuture()
            .isDone(),
        "a hold of 0 is off");
  }
}
