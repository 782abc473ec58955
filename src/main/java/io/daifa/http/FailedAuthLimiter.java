package io.daifa.http;

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
  private final double perNano;
  private final int maxClients;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updatedAt;

    Bucket(double tokens, long updatedAt) {
      this.tokens = tokens;
      this.updatedAt = updatedAt;
    }
  }

  FailedAuthLimiter(int burst, double perSecond, int maxClients, LongSupplier nanoTime) {
    this.burst = burst;
    this.perNano = perSecond / 1e9;
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
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nanoTime.getAsLong()));
    synchronized (bucket) {
      refill(bucket);
      if (bucket.tokens < 1) {
        return false;
      }
      bucket.tokens -= 1;
      return true;
    }
  }

  /** The key checked with the token was valid: the client gets the token back. */
  void release(String client) {
    Bucket bucket = buckets.get(client);
    if (bucket != null) {
      synchronized (bucket) {
        bucket.tokens = Math.min(burst, bucket.tokens + 1);
      }
    }
  }

  private void refill(Bucket bucket) {
    long now = nanoTime.getAsLong();
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perNano);
    bucket.updatedAt = now;
  }
}
