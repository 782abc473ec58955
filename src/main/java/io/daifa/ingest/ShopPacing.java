package io.daifa.ingest;

import io.daifa.common.TokenBucket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An optional cap on a shop's intake rate that applies only while other shops are sending too: a
 * shop alone on the node goes as fast as storage allows, but one flooding shop cannot take the
 * whole node while others wait behind its writes. Each capped shop has a token bucket holding at
 * most one second of its rate; "other shops sending" means another shop sent a batch within the
 * last second. Not thread-safe: owned by the batcher actor.
 */
final class ShopPacing {

  private static final long SECOND = 1_000_000_000L;

  private final double ratePerSecond;
  private final Map<String, TokenBucket> buckets = new HashMap<>();

  /** The two shops that sent most recently, and when: enough to tell "another shop" in O(1). */
  private String latestShop;

  private long latestAt;
  private String earlierShop;
  private long earlierAt;

  /** {@code ratePerSecond} 0: no cap; otherwise at least 1. */
  ShopPacing(double ratePerSecond) {
    if (ratePerSecond != 0 && ratePerSecond < 1) {
      throw new IllegalArgumentException(
          "a shop's intake cap must be 0 (none) or at least 1 order/s, not " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
  }

  /** How many orders the shop may send now: unlimited unless it is capped and contended. */
  int allowance(String shopId, long now) {
    if (!capped(shopId, now)) {
      return Integer.MAX_VALUE;
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.floor(bucket(shopId, now).tokens(now)));
  }

  /** How long until a capped shop may send one order. */
  long nanosUntilOne(String shopId, long now) {
    return bucket(shopId, now).nanosUntilOne(now);
  }

  /** The most orders a shop may have waiting: no more than a second of its rate when capped. */
  int share(String shopId, int share, long now) {
    return capped(shopId, now) ? Math.min(share, (int) Math.ceil(ratePerSecond)) : share;
  }

  /** Records a batch the shop sent. */
  void sent(String shopId, int orders, long now) {
    if (ratePerSecond <= 0) {
      return;
    }
    if (capped(shopId, now)) {
      bucket(shopId, now).take(orders, now);
    }
    if (shopId.equals(latestShop)) {
      latestAt = now;
    } else {
      earlierShop = latestShop;
      earlierAt = latestAt;
      latestShop = shopId;
      latestAt = now;
    }
  }

  /** Forgets the buckets of shops that are full again and not {@code busy}. */
  void forgetIdle(long now, Predicate<String> busy) {
    buckets.entrySet().removeIf(e -> !busy.test(e.getKey()) && e.getValue().isFull(now));
  }

  private boolean capped(String shopId, long now) {
    if (ratePerSecond <= 0) {
      return false;
    }
    String other = shopId.equals(latestShop) ? earlierShop : latestShop;
    long otherAt = shopId.equals(latestShop) ? earlierAt : latestAt;
    return other != null && now - otherAt < SECOND;
  }

  private TokenBucket bucket(String shopId, long now) {
    return buckets.computeIfAbsent(
        shopId, id -> new TokenBucket(ratePerSecond, ratePerSecond, now));
  }
}
