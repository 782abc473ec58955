package io.daifa.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits how often one client may present well-shaped account keys that no account verifies (each
 * such key costs an account entity and a journal read): each client (by address) has a bucket of
 * {@code burst} failures that refills at {@code perSecond}; with the bucket empty its requests are
 * refused at once ({@code 429}), before a key is hashed or an account entity is asked. A caller
 * trying random well-shaped keys therefore cannot make the router start one entity and one journal
 * recovery per guess, while a client with a good key never notices. Bounded: past {@code
 * maxClients} tracked clients, the oldest state is dropped (all at once; it only forgives).
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

  /** Whether {@code client} may try to authenticate now. */
  boolean allows(String client) {
    Bucket bucket = buckets.get(client);
    if (bucket == null) {
      return true;
    }
    synchronized (bucket) {
      refill(bucket);
      return bucket.tokens >= 1;
    }
  }

  /** {@code client} failed to authenticate. */
  void failed(String client) {
    if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
      buckets.clear();
    }
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nanoTime.getAsLong()));
    synchronized (bucket) {
      refill(bucket);
      bucket.tokens = Math.max(0, bucket.tokens - 1);
    }
  }

  private void refill(Bucket bucket) {
    long now = nanoTime.getAsLong();
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perNano);
    bucket.updatedAt = now;
  }
}
