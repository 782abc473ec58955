package io.daifa.supplier;

import io.daifa.common.CborSerializable;

/**
 * A supplier's fulfilment in one Shanghai month, counted in lines from its own events (issue 15):
 * what it was sent, how fast it accepted and shipped (seconds since the line reached it, summed),
 * what it rejected, what was refunded or disputed, and how its deliveries went against the delivery
 * promise ({@link SupplierScores#DELIVERY_PROMISE}). Each count goes to the month in which it
 * happened.
 */
public record MonthScore(
    long dispatched,
    long accepted,
    long acceptSeconds,
    long shipped,
    long shipSeconds,
    long rejected,
    long refunded,
    long disputed,
    long delivered,
    long deliveredLate)
    implements CborSerializable {

  public static final MonthScore ZERO = new MonthScore(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  MonthScore plus(MonthScore o) {
    return new MonthScore(
        dispatched + o.dispatched,
        accepted + o.accepted,
        acceptSeconds + o.acceptSeconds,
        shipped + o.shipped,
        shipSeconds + o.shipSeconds,
        rejected + o.rejected,
        refunded + o.refunded,
        disputed + o.disputed,
        delivered + o.delivered,
        deliveredLate + o.deliveredLate);
  }

  static MonthScore dispatched(long lines) {
    return new MonthScore(lines, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  static MonthScore accepted(long lines, long seconds) {
    return new MonthScore(0, lines, seconds, 0, 0, 0, 0, 0, 0, 0);
  }

  static MonthScore shipped(long lines, long seconds) {
    return new MonthScore(0, 0, 0, lines, seconds, 0, 0, 0, 0, 0);
  }

  static MonthScore rejected(long lines) {
    return new MonthScore(0, 0, 0, 0, 0, lines, 0, 0, 0, 0);
  }

  static MonthScore refunded(long lines) {
    return new MonthScore(0, 0, 0, 0, 0, 0, lines, 0, 0, 0);
  }

  static MonthScore disputed(long lines) {
    return new MonthScore(0, 0, 0, 0, 0, 0, 0, lines, 0, 0);
  }

  static MonthScore delivered(long lines, boolean late) {
    return new MonthScore(0, 0, 0, 0, 0, 0, 0, 0, lines, late ? lines : 0);
  }
}
