package io.daifa.store;

import com.typesafe.config.Config;

/**
 * How order lines are spread over the partitions of the read table ({@code order_lines}): by a hash
 * of the order ID, into {@code count} buckets. One partition per order made the read side pay one
 * Cassandra mutation per order, four times what intake paid for the same order; with buckets, a
 * group of events writes each bucket once, as one single-partition batch, and every reader computes
 * the bucket from the order ID it already has.
 *
 * <p>The count trades partitions against grouping: a group of {@code n} orders costs at most {@code
 * min(n, count)} mutations, and a bucket holds {@code 1/count} of all orders ever stored. It is
 * fixed when a keyspace is created ({@link Schema} refuses a different one later), since changing
 * it would move every order to another partition.
 */
public record OrderBuckets(int count) {

  /**
   * The most buckets allowed: beyond it a read-side group would rarely find two of its orders in
   * one bucket, and the table would be back to about a partition per order.
   */
  public static final int MAX = 1 << 16;

  public OrderBuckets {
    if (count < 1 || count > MAX) {
      throw new IllegalArgumentException("order buckets must be 1 to " + MAX + ", not " + count);
    }
  }

  /** From {@code daifa.cassandra.order-buckets}. */
  public static OrderBuckets fromConfig(Config daifa) {
    return new OrderBuckets(daifa.getInt("cassandra.order-buckets"));
  }

  /**
   * Stable across JVMs and releases: {@link String#hashCode()} is specified, and MurmurHash3's
   * finalizer spreads its low bits, which for IDs that differ only in their last characters are far
   * from even.
   */
  public int of(String orderId) {
    int h = orderId.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, count);
  }
}
