package io.daifa.policy;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Months and quarters as the rules count them: calendar periods in Asia/Shanghai (UTC+8, no
 * daylight saving), so a month begins at 16:00 UTC on the last day of the previous month.
 */
public final class ShanghaiCalendar {

  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /**
   * The month last named by {@link #monthKeyOf}, as the seconds it spans: the orders of a batch are
   * nearly always paid in one month, and the zone arithmetic for every line was a visible share of
   * the intake's CPU. Immutable, so a reader on any thread sees a whole one.
   */
  private record NamedMonth(long fromSecond, long untilSecond, String key) {}

  private static volatile NamedMonth lastNamed = new NamedMonth(0, 0, null);

  private ShanghaiCalendar() {}

  public static YearMonth monthOf(Instant instant) {
    return YearMonth.from(instant.atZone(ZONE));
  }

  /** {@code monthOf(instant).toString()}, such as {@code 2026-11}: the key of monthly books. */
  public static String monthKeyOf(Instant instant) {
    long second = instant.getEpochSecond();
    NamedMonth named = lastNamed;
    if (second >= named.fromSecond() && second < named.untilSecond()) {
      return named.key();
    }
    YearMonth month = monthOf(instant);
    named =
        new NamedMonth(
            startOf(month).getEpochSecond(),
            startOf(month.plusMonths(1)).getEpochSecond(),
            month.toString());
    lastNamed = named;
    return named.key();
  }

  /** The quarter containing {@code month}, written {@code 2026-Q4}. */
  public static String quarterOf(YearMonth month) {
    return month.getYear() + "-Q" + ((month.getMonthValue() - 1) / 3 + 1);
  }

  public static String quarterOf(Instant instant) {
    return quarterOf(monthOf(instant));
  }

  /** The first instant of {@code month} in Shanghai. */
  public static Instant startOf(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZONE).toInstant();
  }
}
