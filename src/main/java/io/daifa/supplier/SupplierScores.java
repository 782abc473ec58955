package io.daifa.supplier;

import io.daifa.common.CborSerializable;
import io.daifa.common.Persistent;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.pcollections.PMap;

/**
 * A supplier's {@link MonthScore} per Shanghai month, the last {@value #MONTHS} months kept, so
 * that its scorecard costs no write and no query of its own: each count is added as the supplier's
 * events apply.
 */
public record SupplierScores(Map<String, MonthScore> months) implements CborSerializable {

  public static final int MONTHS = 13;

  /** A line delivered later than this after it reached its supplier was delivered late. */
  public static final Duration DELIVERY_PROMISE = Duration.ofHours(72);

  public static final SupplierScores EMPTY = new SupplierScores(Map.of());

  public SupplierScores {
    months = Persistent.map(months);
  }

  public MonthScore month(String month) {
    MonthScore found = months.get(month);
    return found == null ? MonthScore.ZERO : found;
  }

  /** These scores with {@code delta} counted in the Shanghai month of {@code at}. */
  SupplierScores plus(Instant at, MonthScore delta) {
    String month = ShanghaiCalendar.monthKeyOf(at);
    PMap<String, MonthScore> next = Persistent.map(months).plus(month, month(month).plus(delta));
    if (next.size() > MONTHS) {
      next = next.minus(new TreeMap<>(next).firstKey());
    }
    return new SupplierScores(next);
  }

  /** Seconds from {@code from} to {@code to}; none when the start is unknown (older orders). */
  static long secondsBetween(Instant from, Instant to) {
    return from == null ? 0 : Math.max(0, Duration.between(from, to).toSeconds());
  }
}
