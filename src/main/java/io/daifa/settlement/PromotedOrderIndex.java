package io.daifa.settlement;

import io.daifa.wire.PromotedOrdersCell.Promoted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An agency's promoted orders of one hour, indexed by buyer for the burst rule (SPEC §10): how many
 * orders a buyer paid between two instants. Built once from the hour's rows, which may repeat an
 * order (a group projected again after a restart writes a row of its own), so each shop's order
 * counts once. Payment times are kept to the millisecond, as the table before it stored them (a
 * Cassandra timestamp), sorted per buyer: 8 bytes an order.
 */
public final class PromotedOrderIndex {

  /** Per buyer, where its payment times start and end in {@link #paidAt}: {from, to}. */
  private final Map<String, int[]> byBuyer;

  private final long[] paidAt;

  private PromotedOrderIndex(Map<String, int[]> byBuyer, long[] paidAt) {
    this.byBuyer = byBuyer;
    this.paidAt = paidAt;
  }

  public static PromotedOrderIndex of(Collection<Promoted> rows) {
    Set<String> seen = new HashSet<>(rows.size() * 2);
    List<Promoted> orders = new ArrayList<>(rows.size());
    Map<String, int[]> byBuyer = new HashMap<>();
    for (Promoted order : rows) {
      if (seen.add(order.shopId() + "/" + order.orderId())) {
        orders.add(order);
        byBuyer.computeIfAbsent(order.buyerId(), b -> new int[2])[1]++;
      }
    }
    int start = 0;
    for (int[] range : byBuyer.values()) {
      int count = range[1];
      range[0] = start;
      range[1] = start;
      start += count;
    }
    long[] paidAt = new long[orders.size()];
    for (Promoted order : orders) {
      paidAt[byBuyer.get(order.buyerId())[1]++] = order.paidAt().toEpochMilli();
    }
    for (int[] range : byBuyer.values()) {
      Arrays.sort(paidAt, range[0], range[1]);
    }
    return new PromotedOrderIndex(byBuyer, paidAt);
  }

  /** Orders of this buyer paid between {@code from} and {@code to}, both included. */
  public long count(String buyerId, Instant from, Instant to) {
    int[] range = byBuyer.get(buyerId);
    if (range == null) {
      return 0;
    }
    int first = firstAtOrAfter(range, from.toEpochMilli());
    int after = firstAtOrAfter(range, to.toEpochMilli() + 1);
    return after - first;
  }

  /** Orders in the index. */
  public int size() {
    return paidAt.length;
  }

  private int firstAtOrAfter(int[] range, long millis) {
    int low = range[0];
    int high = range[1];
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
}
