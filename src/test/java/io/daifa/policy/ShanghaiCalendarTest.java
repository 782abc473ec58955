package io.daifa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShanghaiCalendarTest {

  @Test
  void aMonthBeginsAt16UtcOnTheLastDayOfThePreviousOne() {
    assertEquals("2026-11", ShanghaiCalendar.monthKeyOf(Instant.parse("2026-11-30T15:59:59Z")));
    assertEquals("2026-12", ShanghaiCalendar.monthKeyOf(Instant.parse("2026-11-30T16:00:00Z")));
    assertEquals("2026-12", ShanghaiCalendar.monthKeyOf(Instant.parse("2026-12-31T15:59:59.999Z")));
    assertEquals("2027-01", ShanghaiCalendar.monthKeyOf(Instant.parse("2026-12-31T16:00:00Z")));
  }

  @Test
  void theNamedMonthIsTheMonthWhateverWasAskedBefore() {
    // Alternating months and instants on either side of month boundaries: the last month named is
    // remembered, and must never answer for an instant outside it.
    Random random = new Random(7);
    long from = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
    long span = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond() - from;
    for (int i = 0; i < 20_000; i++) {
      Instant at = Instant.ofEpochSecond(from + Math.floorMod(random.nextLong(), span));
      if (i % 3 == 0) {
        at = ShanghaiCalendar.startOf(ShanghaiCalendar.monthOf(at)).minusSeconds(i % 2);
      }
      assertEquals(
          ShanghaiCalendar.monthOf(at).toString(), ShanghaiCalendar.monthKeyOf(at), at.toString());
    }
  }
}
