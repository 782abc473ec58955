package io.daifa.settlement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions of the promoted orders ({@code agency_promoted_orders}, {@code
 * agency_buyer_orders}): an agency's orders by epoch hour of payment.
 */
public final class BuyerOrderHours {

  private static final long HOUR_MILLIS = 3_600_000L;

  private BuyerOrderHours() {}

  public static long of(Instant paidAt) {
    return Math.floorDiv(paidAt.toEpochMilli(), HOUR_MILLIS);
  }

  /** Every hour a payment between {@code from} and {@code to} (inclusive) can fall in. */
  public static List<Long> between(Instant from, Instant to) {
    List<Long> hours = new ArrayList<>();
    for (long h = of(from); h <= of(to); h++) {
      hours.add(h);
    }
    return hours;
  }
}
