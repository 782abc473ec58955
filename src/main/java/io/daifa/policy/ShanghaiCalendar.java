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

  private ShanghaiCalendar() {}

  public static YearMonth monthOf(Instant instant) {
    return YearMonth.from(instant.atZone(ZONE));
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
