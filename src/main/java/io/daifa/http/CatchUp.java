package io.daifa.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads the read side again until it shows what a request needs, or a deadline passes. The read
 * side follows each event tag with a delay, so what was routed a moment ago (or routed by a shop
 * while its supplier's events are visible already) appears a few seconds later; waiting here spares
 * the caller a retry loop.
 */
final class CatchUp {

  /** How often the read side is asked again while it catches up. */
  private static final Duration POLL = Duration.ofMillis(250);

  private CatchUp() {}

  /** The first read that is {@code enough}, or the last one at {@code deadlineNanos}. */
  static <T> CompletionStage<T> until(
      Supplier<CompletionStage<T>> read, Predicate<T> enough, long deadlineNanos) {
    return read.get()
        .thenCompose(
            found -> {
              if (enough.test(found) || System.nanoTime() >= deadlineNanos) {
                return CompletableFuture.completedFuture(found);
              }
              Executor later =
                  CompletableFuture.delayedExecutor(POLL.toMillis(), TimeUnit.MILLISECONDS);
              return CompletableFuture.runAsync(() -> {}, later)
                  .thenCompose(ignored -> until(read, enough, deadlineNanos));
            });
  }

  static long deadline(Duration patience) {
    return System.nanoTime() + patience.toNanos();
  }
}
