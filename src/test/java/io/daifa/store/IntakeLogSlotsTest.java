package io.daifa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntakeLogSlotsTest {

  private final IntakeLogSlots slots = new IntakeLogSlots();

  @Test
  void aSlotIsLeftOnlyAfterAWriteToItLanded() {
    slots.close();
    assertEquals(0, slots.open(), "nothing was written: the next window writes here too");

    slots.sent(0, 3);
    slots.close();
    assertEquals(0, slots.open(), "a write in flight may still fail: slot 0 could stay empty");

    slots.landed(0);
    slots.close();
    assertEquals(1, slots.open());
  }

  @Test
  void theMarkStopsBeforeTheFirstSlotWithEventsNotCopied() {
    assertEquals(-1, slots.copiedThrough());
    slots.sent(0, 2);
    slots.landed(0);
    slots.close();
    slots.sent(1, 1);
    slots.landed(1);
    slots.close();
    assertEquals(-1, slots.copiedThrough());

    slots.settled(1, 1);
    assertEquals(-1, slots.copiedThrough(), "slot 0 still has events to copy");
    slots.settled(0, 1);
    assertEquals(-1, slots.copiedThrough());
    slots.settled(0, 1);
    assertEquals(1, slots.copiedThrough());
    assertTrue(slots.settled());
  }

  @Test
  void theOpenSlotIsNeverMarkedCopied() {
    slots.sent(0, 1);
    slots.landed(0);
    slots.settled(0, 1);
    assertEquals(-1, slots.copiedThrough(), "more may still be written to slot 0");
    slots.close();
    assertEquals(0, slots.copiedThrough());
  }

  @Test
  void aFailedWriteStaysOutstandingUntilVoided() {
    slots.sent(0, 2);
    slots.close();
    slots.sent(0, 1);
    slots.landed(0);
    slots.settled(0, 1);
    slots.close();
    assertFalse(slots.settled());
    assertEquals(-1, slots.copiedThrough(), "the failed write's two rows are not voided yet");
    slots.settled(0, 2);
    assertEquals(0, slots.copiedThrough());
  }

  @Test
  void settlingMoreThanWasSentIsABug() {
    slots.sent(0, 1);
    assertThrows(IllegalStateException.class, () -> slots.settled(0, 2));
    assertThrows(IllegalStateException.class, () -> slots.settled(5, 1));
  }
}
