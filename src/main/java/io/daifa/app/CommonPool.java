package io.daifa.app;

/**
 * Keeps {@code CompletableFuture} off thread-per-task execution. Scala's conversion of Pekko's
 * futures to {@code CompletionStage} runs every continuation ({@code thenApply}, {@code
 * exceptionally}...) on the default async executor, and the JDK makes that executor start a new
 * thread per task when the common pool's parallelism is below 2 — the default on a 2-core machine.
 * Measured on such a machine: about 8,000 threads started in 30 s of load, and heartbeats delayed
 * by seconds. A parallelism of at least 2 makes the default executor the common pool.
 */
final class CommonPool {

  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /** Must run before anything touches the common pool: first thing in {@code main}. */
  static void ensureParallelism() {
    if (System.getProperty(PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() - 1 < 2) {
      System.setProperty(PARALLELISM, "2");
    }
  }
}
