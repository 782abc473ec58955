package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stamps that follow the clock until it is behind their cause, then the cause. */
class HybridTimeTest {

  private static final Instant T = Instant.parse("2026-11-11T00:00:00.000010Z");

  @Test
  void theClockIsKeptWhenItIsNotBehindTheCause() {
    assertEquals(T, HybridTime.after(T, null));
    assertEquals(T.plusSeconds(1), HybridTime.after(T.plusSeconds(1), T));
    // The same microsecond is not behind: left to Cassandra's tie-break, as with one clock.
    assertEquals(T.plusNanos(300), HybridTime.after(T.plusNanos(300), T.plusNanos(900)));
  }

  @Test
  void aClockBehindItsCauseStampsAMicrosecondAfterIt() {
    assertEquals(T.plusNanos(1_000), HybridTime.after(T.minusSeconds(5), T));
    // The cause's own nanoseconds are dropped first: the read side has microseconds only.
    assertEquals(T.plusNanos(1_000), HybridTime.after(T.minusSeconds(5), T.plusNanos(999)));
    // Stamped one after another while the clock stays behind, they keep their order.
    Instant first = HybridTime.after(T.minusSeconds(5), T);
    Instant second = HybridTime.after(T.minusSeconds(5), first);
    assertEquals(first.plusNanos(1_000), second);
  }

  @Test
  void theLatestOfTwoTimesCountsNullAsNoTime() {
    assertNull(HybridTime.latest(null, null));
    assertEquals(T, HybridTime.latest(null, T));
    assertEquals(T, HybridTime.latest(T, null));
    assertEquals(T.plusNanos(1), HybridTime.latest(T, T.plusNanos(1)));
    assertEquals(T.plusNanos(1), HybridTime.latest(T.plusNanos(1), T));
  }
}
