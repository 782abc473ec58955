package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SnapshotPaceTest {

  /** The events counted until the pace says a snapshot is due, each carrying {@code orders}. */
  private static int eventsUntilDue(SnapshotPace pace, int orders, long held) {
    for (int events = 1; events < 10_000_000; events++) {
      if (pace.due(orders, held)) {
        return events;
      }
    }
    throw new AssertionError("never due");
  }

  @Test
  void aSmallStateSnapshotsEveryIntervalOfEventsOrOrders() {
    SnapshotPace pace = new SnapshotPace(1_000, 25_000);
    assertEquals(1_000, eventsUntilDue(pace, 0, 10));
    assertEquals(1_000, eventsUntilDue(pace, 0, 10), "the count starts again after a snapshot");
    assertEquals(250, eventsUntilDue(pace, 100, 10));
  }

  @Test
  void aLargeStateWaitsForAsManyEventsAndOrdersAsItHolds() {
    SnapshotPace pace = new SnapshotPace(1_000, 25_000);
    // 200,000 open orders, batches of 100: 1,981 events bring 198,100 orders, 200,081 in all.
    assertEquals(1_981, eventsUntilDue(pace, 100, 200_000));
    // Events without orders (an order accepted, shipped) count one each.
    assertEquals(50_000, eventsUntilDue(pace, 0, 50_000));
  }

  @Test
  void aSnapshotIsNeverDueBeforeItsInterval() {
    SnapshotPace pace = new SnapshotPace(1_000, 25_000);
    for (int i = 0; i < 999; i++) {
      assertFalse(pace.due(0, 0));
    }
    assertTrue(pace.due(0, 0));
  }

  @Test
  void intervalsMustBePositive() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new SnapshotPace(0, 1));
  }
}
