package io.daifa.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which slot of its intake log a writer writes to, and through which slot everything it wrote is
 * copied. A slot is closed once a copy window; the next one is used only after the one before held
 * a write that landed, so that a reader finds a writer's slots by reading them in turn until an
 * empty one. Everything logged into a slot (or whose write failed and is being voided) is
 * outstanding until it is copied (or voided).
 */
final class IntakeLogSlots {

  private long open;
  private boolean openHeldWrite;
  private final TreeMap<Long, Integer> outstanding = new TreeMap<>();

  /** The slot new writes go to. */
  long open() {
    return open;
  }

  /** {@code events} are sent to {@code slot}. */
  void sent(long slot, int events) {
    outstanding.merge(slot, events, Integer::sum);
  }

  /** A write to {@code slot} landed. */
  void landed(long slot) {
    if (slot == open) {
      openHeldWrite = true;
    }
  }

  /** {@code events} of {@code slot} are copied, or voided: nothing of them is left to do. */
  void settled(long slot, int events) {
    Integer left = outstanding.get(slot);
    if (left == null || left < events) {
      throw new IllegalStateException("slot " + slot + " settles more events than it was sent");
    }
    if (left == events) {
      outstanding.remove(slot);
    } else {
      outstanding.put(slot, left - events);
    }
  }

  /** The copy window ended: later writes go to the next slot if this one held a write. */
  void close() {
    if (openHeldWrite) {
      open++;
      openHeldWrite = false;
    }
  }

  /** Every event of every slot through this one is copied (-1: none yet). */
  long copiedThrough() {
    Map.Entry<Long, Integer> lowest = outstanding.firstEntry();
    long firstOpen = lowest == null ? open : Math.min(lowest.getKey(), open);
    return firstOpen - 1;
  }

  /** Nothing sent is left to copy or void. */
  boolean settled() {
    return outstanding.isEmpty();
  }
}
