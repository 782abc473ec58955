package io.daifa.market;

import io.daifa.common.CborSerializable;
import io.daifa.common.Persistent;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.pcollections.PMap;

/**
 * Amounts per Shanghai month ({@code yyyy-MM}), each with a breakdown by key (a shop's GMV by
 * supplier, a supplier's by product), kept by an entity as its events apply: no write of its own.
 * Only the last {@value #MONTHS} months are kept, so the state stays bounded.
 */
public record MonthlyBook(Map<String, Month> months) implements CborSerializable {

  public static final int MONTHS = 13;

  public static final MonthlyBook EMPTY = new MonthlyBook(Map.of());

  /** A month's total and its breakdown; a key may be missing from the breakdown (unallocated). */
  public record Month(long total, Map<String, Long> byKey) {
    public Month {
      byKey = Persistent.map(byKey);
    }

    static final Month ZERO = new Month(0, Map.of());
  }

  public MonthlyBook {
    months = Persistent.map(months);
  }

  public Month month(String month) {
    Month found = months.get(month);
    return found == null ? Month.ZERO : found;
  }

  /**
   * Amounts added in one step, month by month: what one event adds. Sums are kept in one-element
   * arrays, added to in place: every line of every order adds to one, and a boxed sum allocated a
   * new {@code Long} per line.
   */
  public static final class Delta {
    private final Map<String, long[]> totals = new HashMap<>();
    private final Map<String, Map<String, long[]>> byKey = new HashMap<>();

    /** Adds to the month's total, and to {@code key}'s share of it unless the key is null. */
    public Delta add(String month, String key, long amount) {
      sum(totals, month)[0] += amount;
      if (key != null) {
        sum(byKey.computeIfAbsent(month, m -> new HashMap<>()), key)[0] += amount;
      }
      return this;
    }

    /**
     * Changes only {@code key}'s share, the total as it was: an amount already counted that moved
     * to the key (a queued line dispatched) or away from it (lines a supplier sent back).
     */
    public Delta shiftKey(String month, String key, long amount) {
      sum(totals, month);
      sum(byKey.computeIfAbsent(month, m -> new HashMap<>()), key)[0] += amount;
      return this;
    }

    public boolean isEmpty() {
      return totals.isEmpty();
    }

    private static long[] sum(Map<String, long[]> sums, String key) {
      return sums.computeIfAbsent(key, k -> new long[1]);
    }
  }

  public MonthlyBook plus(Delta delta) {
    if (delta.isEmpty()) {
      return this;
    }
    PMap<String, Month> next = Persistent.map(months);
    for (Map.Entry<String, long[]> e : delta.totals.entrySet()) {
      Month month = next.getOrDefault(e.getKey(), Month.ZERO);
      PMap<String, Long> keys = Persistent.map(month.byKey());
      for (Map.Entry<String, long[]> k :
          delta.byKey.getOrDefault(e.getKey(), Map.of()).entrySet()) {
        long value = keys.getOrDefault(k.getKey(), 0L) + k.getValue()[0];
        keys = value == 0 ? keys.minus(k.getKey()) : keys.plus(k.getKey(), value);
      }
      next = next.plus(e.getKey(), new Month(month.total() + e.getValue()[0], keys));
    }
    while (next.size() > MONTHS) {
      next = next.minus(next.keySet().stream().min(Comparator.naturalOrder()).orElseThrow());
    }
    return new MonthlyBook(next);
  }
}
