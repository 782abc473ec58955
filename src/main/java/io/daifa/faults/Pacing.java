package io.daifa.faults;

import java.util.concurrent.TimeUnit;

/**
 * A sender's steady rate: each turn waits for its time; a sender behind its turns (a slow answer)
 * goes on from now rather than bursting to catch up. One per sending thread.
 */
final class Pacing {

  private final long intervalNanos;
  private long next = System.nanoTime();

  Pacing(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** Waits until this sender's next turn. */
  void awaitTurn() throws InterruptedException {
    next += intervalNanos;
    long wait = next - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    } else {
      next = System.nanoTime();
    }
  }
}
