package io.daifa.settlement;

import io.daifa.policy.ShanghaiCalendar;
import java.time.Instant;
import java.time.YearMonth;

/**
 * How the settlement's work tables are laid out: each table is spread over {@link #COUNT} buckets
 * by order ID (so one order's lines share a bucket), and a received line belongs to the cycle of
 * its receipt.
 */
public final class SettlementBuckets {

  public static final int COUNT = 8;

  private SettlementBuckets() {}

  /** Stable across JVMs: {@link String#hashCode()} is specified. */
  public static int of(String orderId) {
    return Math.floorMod(orderId.hashCode(), COUNT);
  }

  /**
   * The cycle a receipt belongs to: the Shanghai month it happened in, but never one whose
   * scheduled settlement day had passed when the receipt was recorded (a late receipt goes to the
   * next cycle rather than to one already settled).
   */
  public static YearMonth cycleOf(Instant receivedAt, Instant recordedAt, int settlementDay) {
    YearMonth received = ShanghaiCalendar.monthOf(receivedAt);
    YearMonth recordedIn = ShanghaiCalendar.monthOf(recordedAt);
    int recordedOnDay = recordedAt.atZone(ShanghaiCalendar.ZONE).getDayOfMonth();
    YearMonth earliest =
        settlementDay > 0 && recordedOnDay >= settlementDay
            ? recordedIn
            : recordedIn.minusMonths(1);
    return received.isBefore(earliest) ? earliest : received;
  }
}
