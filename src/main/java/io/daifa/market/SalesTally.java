package io.daifa.market;

import io.daifa.common.CborSerializable;
import io.daifa.common.Persistent;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.pcollections.PMap;

/**
 * Units sold per SPU over the last {@value #DAYS} days (the market's "sales", SPEC §9), kept by the
 * supplier as dispatches arrive: per SPU a ring of day slots, so the figure slides with the
 * calendar without keeping any order. Immutable; a batch of units is added in one step.
 *
 * @param bySpu per SPU, slot {@code day % DAYS} holds the units of {@code days[slot]}
 */
public record SalesTally(Map<String, Days> bySpu) implements CborSerializable {

  public static final int DAYS = 30;

  public static final SalesTally EMPTY = new SalesTally(Map.of());

  /** The Shanghai calendar day of {@code at}, as an epoch day: the tally's unit of time. */
  public static long dayOf(Instant at) {
    return LocalDate.ofInstant(at, ShanghaiCalendar.ZONE).toEpochDay();
  }

  /** The day slots of {@code spuId}, null when it never sold. */
  public Days daysOf(String spuId) {
    return bySpu.get(spuId);
  }

  /** One SPU's slots; never mutated once built. */
  public record Days(long[] days, int[] units) {

    static Days empty() {
      long[] days = new long[DAYS];
      Arrays.fill(days, Long.MIN_VALUE);
      return new Days(days, new int[DAYS]);
    }

    Days plus(long day, int count) {
      int slot = (int) Math.floorMod(day, (long) DAYS);
      if (days[slot] > day) {
        return this; // older than the window this SPU has moved on to
      }
      long[] d = days.clone();
      int[] u = units.clone();
      if (d[slot] != day) {
        d[slot] = day;
        u[slot] = 0;
      }
      u[slot] = (int) Math.min(Integer.MAX_VALUE, (long) u[slot] + count);
      return new Days(d, u);
    }

    /** Equal when the slots are: arrays compare by content. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Days other
          && Arrays.equals(days, other.days)
          && Arrays.equals(units, other.units);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(days) + Arrays.hashCode(units);
    }

    @Override
    public String toString() {
      return "Days" + Arrays.toString(days) + Arrays.toString(units);
    }

    /** Units of the days within {@value #DAYS} days up to {@code today}. */
    public long within(long today) {
      long sum = 0;
      for (int i = 0; i < DAYS; i++) {
        if (days[i] > today - DAYS && days[i] <= today) {
          sum += units[i];
        }
      }
      return sum;
    }
  }

  public SalesTally {
    bySpu = Persistent.map(bySpu);
  }

  /** This tally with {@code units} (per SPU) sold on {@code day} (an epoch day). */
  public SalesTally plus(Map<String, Integer> units, long day) {
    if (units.isEmpty()) {
      return this;
    }
    PMap<String, Days> next = Persistent.map(bySpu);
    for (Map.Entry<String, Integer> e : units.entrySet()) {
      Days days = next.get(e.getKey());
      next = next.plus(e.getKey(), (days == null ? Days.empty() : days).plus(day, e.getValue()));
    }
    return new SalesTally(next);
  }

  /** Units of {@code spuId} sold in the {@value #DAYS} days up to {@code today}. */
  public long unitsOf(String spuId, long today) {
    Days days = bySpu.get(spuId);
    return days == null ? 0 : days.within(today);
  }

  /** The figures of every SPU in {@code spuIds}, as of {@code today}. */
  public Map<String, Long> figures(Iterable<String> spuIds, long today) {
    Map<String, Long> figures = new HashMap<>();
    for (String spuId : spuIds) {
      figures.put(spuId, unitsOf(spuId, today));
    }
    return figures;
  }
}
