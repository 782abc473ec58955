package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationsTest {

  private static final long WINDOW = 1_000;

  @Test
  void shouldKeepAnEntryBetweenOneAndTwoWindowsAndForgetBothAfterAGap() {
    Generations<List<String>> seen = Generations.empty(WINDOW, ArrayList::new);
    seen.at(0).add("a");
    seen.at(999).add("b");
    assertEquals(List.of("a", "b"), seen.current());

    seen.at(1_500).add("c");
    assertEquals(List.of("a", "b"), seen.previous(), "a window old: the one before");
    assertEquals(List.of("c"), seen.current());
    assertEquals(1_500, seen.startMillis());

    seen.at(2_600).add("d");
    assertEquals(List.of("c"), seen.previous(), "a and b are forgotten after two windows");

    seen.at(4_700).add("e");
    assertEquals(List.of(), seen.previous(), "a gap of two windows forgets both generations");
    assertEquals(List.of("e"), seen.current());
  }

  @Test
  void shouldCopySoThatLaterChangesDoNotReachTheCopy() {
    Generations<List<String>> seen = Generations.empty(WINDOW, ArrayList::new);
    seen.at(0).add("a");
    Generations<List<String>> copy = seen.copy(ArrayList::new);
    assertEquals(seen, copy);
    seen.at(10).add("b");
    assertEquals(List.of("a"), copy.current());
    assertNotEquals(seen, copy);
  }
}
