package io.daifa.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Event times that never run backwards along causality, whatever the nodes' clocks say: a hybrid
 * logical clock at the read side's grain, the microsecond. An entity stamps an event no earlier
 * than the last event it stamped (it may have moved from a node whose clock is ahead) and than the
 * time of the message that caused it (sent from another node, whose clock may be ahead). The read
 * side orders each line's writes by these times (Cassandra's last write wins), so of two writes in
 * causal order the later wins: a line routed on one node and accepted on another whose clock is
 * behind shows accepted. Only two writes within the same microsecond are left to Cassandra's
 * tie-break, as with one clock.
 */
public final class HybridTime {

  private HybridTime() {}

  /**
   * {@code now}, unless the clock is behind {@code cause} (in whole microseconds; null: no cause):
   * then a microsecond after it, so that events stamped while the clock is behind keep their order.
   */
  public static Instant after(Instant now, Instant cause) {
    if (cause == null) {
      return now;
    }
    Instant causeMicros = cause.truncatedTo(ChronoUnit.MICROS);
    return now.truncatedTo(ChronoUnit.MICROS).isBefore(causeMicros)
        ? causeMicros.plus(1, ChronoUnit.MICROS)
        : now;
  }

  /** The later of two times; null counts as no time at all. */
  public static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || !b.isAfter(a) ? a : b;
  }
}
