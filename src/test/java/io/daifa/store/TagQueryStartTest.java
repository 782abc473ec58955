package io.daifa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TagQueryStartTest {

  @Test
  void beginsAtTheFullHourBeforeTheKeyspaceWasCreated() {
    TagQueryStart start = TagQueryStart.before(Instant.parse("2026-12-02T16:45:12.345Z"));

    assertEquals(Instant.parse("2026-12-02T15:00:00Z"), start.hour());
    assertEquals("20261202T15:00", start.firstTimeBucket());
  }

  @Test
  void aStartJustAfterTheHourStillCoversTheHourBefore() {
    assertEquals(
        Instant.parse("2026-12-31T23:00:00Z"),
        TagQueryStart.before(Instant.parse("2027-01-01T00:00:00.001Z")).hour());
  }

  @Test
  void isRecordedAsHoursSinceTheEpochAndReadBackTheSame() {
    TagQueryStart start = TagQueryStart.before(Instant.parse("2026-12-02T16:45:12Z"));

    assertEquals(start, TagQueryStart.ofEpochHours(start.epochHours()));
    assertEquals(1_796_223_600L / 3600, start.epochHours());
  }

  @Test
  void readsThePluginsFormat() {
    assertEquals(
        Instant.parse("2026-11-01T00:00:00Z"), TagQueryStart.parse("20261101T00:00").hour());
    TagQueryStart start = TagQueryStart.parse("20261202T15:00");
    assertEquals(start, TagQueryStart.parse(start.firstTimeBucket()));
  }
}
