package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written reader of {@code paidAt} against java.time's ISO parser. */
class IsoOffsetTimeTest {

  /** What java.time makes of {@code text}: the time, or the word that it refused it. */
  private static Object iso(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      return "refused";
    }
  }

  private static Object fast(String text) {
    try {
      return IsoOffsetTime.parse(text);
    } catch (DateTimeParseException e) {
      return "refused";
    }
  }

  @Test
  void readsWhatJavaTimeReadsAndLeavesItTheRest() {
    List<String> texts =
        List.of(
            "2026-11-11T00:00:01+08:00",
            "2026-11-11T00:00:01Z",
            "2026-11-11T00:00:01.5-05:30",
            "2026-11-11T00:00:01.123456789+14:00",
            "2026-11-11T00:00:01.1234567891+14:00",
            "2026-11-11T00:00:01.+08:00",
            "2026-11-11T00:00+08:00",
            "2026-11-11t00:00:01z",
            "2024-02-29T23:59:59-00:00",
            "2025-02-29T23:59:59Z",
            "2026-04-31T00:00:00Z",
            "2026-11-11T24:00:00Z",
            "2026-11-11T00:60:00Z",
            "2026-11-11T00:00:60Z",
            "2026-11-11T00:00:01+18:00",
            "2026-11-11T00:00:01+18:01",
            "2026-11-11T00:00:01+08:00:30",
            "2026-11-11T00:00:01+0800",
            "2026-11-11T00:00:01",
            " 2026-11-11T00:00:01Z",
            "2026-11-11T00:00:01Z ",
            "+12026-11-11T00:00:01Z",
            "0000-01-01T00:00:00Z",
            "2026-1a-11T00:00:01Z",
            "");
    for (String text : texts) {
      assertEquals(iso(text), fast(text), text);
    }
    assertNotNull(IsoOffsetTime.plain("2026-11-11T00:00:01.5-05:30"), "the usual forms by hand");
    assertNull(IsoOffsetTime.plain("2026-11-11T00:00+08:00"), "the rarer ones by java.time");
  }

  @Test
  void randomTimesAndTheirDamageReadAlike() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      String text =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
              random.nextInt(10_000),
              random.nextInt(14),
              random.nextInt(33),
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62),
              random.nextBoolean() ? "" : "." + random.nextInt(1_000_000_000),
              switch (random.nextInt(3)) {
                case 0 -> "Z";
                case 1 -> String.format("+%02d:%02d", random.nextInt(20), random.nextInt(61));
                default -> String.format("-%02d:%02d", random.nextInt(20), random.nextInt(61));
              });
      if (random.nextInt(4) == 0) {
        StringBuilder damaged = new StringBuilder(text);
        damaged.setCharAt(
            random.nextInt(text.length()), "0123456789:-+.TZ x".charAt(random.nextInt(18)));
        text = damaged.toString();
      }
      assertEquals(iso(text), fast(text), text);
    }
  }
}
