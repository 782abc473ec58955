package io.daifa.http;

import io.daifa.common.TokenBucket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits how often one client may present well-shaped account keys that no account verifies (each
 * such key costs an account entity and a journal read). Each client (by address) has a bucket of
 * {@code burst} tokens refilled at {@code perSecond}; checking a key against its account takes a
 * token first, and a key that turns out valid gives it back. With the bucket empty the request is
 * refused at once ({@code 429}). Taking the token before the check, not after the failure, keeps
 * the bound whatever the caller's concurrency: at most {@code burst + perSecond × t} unknown keys
 * reach an account entity. Bounded: past {@code maxClients} tracked clients, all state is dropped
 * (it only forgives).
 */
final class FailedAuthLimiter {

  private final double burst;
  private final double perSecond;
  private final int maxClients;
  private final LongSupplier nanoTime;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  FailedAuthLimiter(int burst, double perSecond, int maxClients, LongSupplier nanoTime) {
    this.burst = burst;
    this.perSecond = perSecond;
    this.maxClients = maxClients;
    this.nanoTime = nanoTime;
  }

  static FailedAuthLimiter standard() {
    return new FailedAuthLimiter(100, 20, 100_000, System::nanoTime);
  }

  /** Takes a token for checking one key of {@code client}; false when it has none left. */
  boolean tryAcquire(String client) {
    if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
      buckets.clear();
    }
    TokenBucket bucket =
        buckets.computeIfAbsent(
            client, c -> new TokenBucket(burst, perSecond, nanoTime.getAsLong()));
    synchronized (bucket) {
      return bucket.tryTake(nanoTime.getAsLong());
    }
  }

  /** The key checked with the token was valid: the client gets the token back. */
  void release(String client) {
    TokenBucket bucket = buckets.get(client);
    if (bucket != null) {
      synchronized (bucket) {
        bucket.giveBack();
      }
    }
  }
}
