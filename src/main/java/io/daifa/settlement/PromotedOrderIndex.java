package io.daifa.settlement;

import io.daifa.common.Hash128Set;
import io.daifa.common.ShopScopedHash;
import io.daifa.wire.PromotedOrdersCell.Promoted;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * An agency's promoted orders of one hour, indexed by buyer for the burst rule (SPEC §10): how many
 * orders a buyer paid between two instants. Built from the hour's rows, which may repeat an order
 * (a group projected again after a restart writes a row of its own), so each shop's order counts
 * once: a 128-bit hash of it in a primitive set while building ({@link ShopScopedHash}). Payment
 * times are kept to the millisecond, as the table before it stored them (a Cassandra timestamp),
 * sorted per buyer: 8 bytes an order and each buyer's ID once.
 */
public final class PromotedOrderIndex {

  private final Map<String, Integer> buyers;

  /** Buyer i's payment times are {@code paidAt[start[i]]} to {@code paidAt[start[i + 1] - 1]}. */
  private final int[] start;

  private final long[] paidAt;

  private PromotedOrderIndex(Map<String, Integer> buyers, int[] start, long[] paidAt) {
    this.buyers = buyers;
    this.start = start;
    this.paidAt = paidAt;
  }

  public static PromotedOrderIndex of(Collection<Promoted> orders) {
    Builder builder = new Builder();
    orders.forEach(builder::add);
    return builder.build();
  }

  /** Orders of this buyer paid between {@code from} and {@code to}, both included. */
  public long count(String buyerId, Instant from, Instant to) {
    Integer buyer = buyers.get(buyerId);
    if (buyer == null) {
      return 0;
    }
    return firstAtOrAfter(buyer, to.toEpochMilli() + 1)
        - firstAtOrAfter(buyer, from.toEpochMilli());
  }

  /** Orders in the index. */
  public int size() {
    return paidAt.length;
  }

  private int firstAtOrAfter(int buyer, long millis) {
    int low = start[buyer];
    int high = start[buyer + 1];
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (paidAt[mid] < millis) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /**
   * Takes an hour's orders one at a time, in any order, each as often as it was written; built
   * once.
   */
  public static final class Builder {

    private final Hash128Set seen = new Hash128Set();
    private final Map<String, Integer> buyers = new HashMap<>();
    private long[] paidAt = new long[64];
    private int[] buyerOf = new int[64];
    private int size;

    public void add(Promoted order) {
      if (!seen.add(
          ShopScopedHash.high(order.shopId(), order.orderId()),
          ShopScopedHash.low(order.shopId(), order.orderId()))) {
        return;
      }
      if (size == paidAt.length) {
        paidAt = Arrays.copyOf(paidAt, 2 * size);
        buyerOf = Arrays.copyOf(buyerOf, 2 * size);
      }
      Integer buyer = buyers.get(order.buyerId());
      if (buyer == null) {
        buyer = buyers.size();
        buyers.put(order.buyerId(), buyer);
      }
      paidAt[size] = order.paidAt().toEpochMilli();
      buyerOf[size] = buyer;
      size++;
    }

    /** Sorts the payment times by buyer (a counting sort), then each buyer's by time. */
    public PromotedOrderIndex build() {
      int[] start = new int[buyers.size() + 1];
      for (int i = 0; i < size; i++) {
        start[buyerOf[i] + 1]++;
      }
      for (int b = 0; b < buyers.size(); b++) {
        start[b + 1] += start[b];
      }
      int[] next = Arrays.copyOf(start, buyers.size());
      long[] byBuyer = new long[size];
      for (int i = 0; i < size; i++) {
        byBuyer[next[buyerOf[i]]++] = paidAt[i];
      }
      for (int b = 0; b < buyers.size(); b++) {
        Arrays.sort(byBuyer, start[b], start[b + 1]);
      }
      return new PromotedOrderIndex(buyers, start, byBuyer);
    }
  }
}
