package io.daifa.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for the eventually consistent read side. */
final class ApiClientAwait {

  private ApiClientAwait() {}

  static void until(BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the read side did not catch up within 30 s");
      }
      pause(Duration.ofMillis(200));
    }
  }

  /** Calls until the answer is {@code ok}, every {@code poll}, for 30 s at most. */
  static ApiClient.Answer answer(
      Supplier<ApiClient.Answer> call, Predicate<ApiClient.Answer> ok, Duration poll) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    ApiClient.Answer last = call.get();
    while (!ok.test(last)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 30 s, last answer: " + last);
      }
      pause(poll);
      last = call.get();
    }
    return last;
  }

  private static void pause(Duration poll) {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
