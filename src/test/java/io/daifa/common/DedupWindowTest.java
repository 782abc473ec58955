package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DedupWindowTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final Duration WINDOW = Duration.ofHours(72);

  @Test
  void shouldRememberAKeyForAtLeastTheWindow() {
    DedupWindow<String> window = DedupWindow.<String>of(WINDOW).plus("o-1", "first", T0);
    // Just before a full window after the key, and after a rotation in between, it is there.
    window = window.plus("o-2", "second", T0.plus(WINDOW).plusSeconds(1));
    window = window.plus("o-3", "third", T0.plus(WINDOW.multipliedBy(2)).minusSeconds(1));
    assertEquals("first", window.get("o-1"));
    assertEquals("second", window.get("o-2"));
    assertTrue(window.contains("o-3"));
  }

  @Test
  void shouldForgetKeysOlderThanTwoWindows() {
    DedupWindow<String> window = DedupWindow.<String>of(WINDOW).plus("o-1", "first", T0);
    window = window.plus("o-2", "second", T0.plus(WINDOW));
    window = window.plus("o-3", "third", T0.plus(WINDOW.multipliedBy(2)));
    assertNull(window.get("o-1"));
    assertEquals("second", window.get("o-2"));
    assertEquals(2, window.size());
  }

  @Test
  void shouldForgetEverythingAfterALongSilence() {
    DedupWindow<String> window = DedupWindow.<String>of(WINDOW).plus("o-1", "first", T0);
    window = window.plus("o-2", "second", T0.plus(WINDOW.multipliedBy(5)));
    assertFalse(window.contains("o-1"));
    assertEquals(1, window.size());
  }

  @Test
  void shouldLeaveTheOriginalUnchanged() {
    DedupWindow<String> empty = DedupWindow.of(WINDOW);
    DedupWindow<String> one = empty.plus("o-1", "first", T0);
    assertEquals(0, empty.size());
    assertEquals(1, one.size());
  }
}
