package io.daifa.common;

import java.nio.ByteBuffer;

/**
 * A set of 128-bit key hashes by open addressing in one primitive array: two longs per slot, no
 * object per entry (16–32 bytes of heap per key). The pair (0, 0) marks an empty slot, so a key
 * whose high half is 0 is stored with 1 there ({@link #normalHigh}).
 *
 * <p>Mutable and not thread-safe: its owner changes it in place and hands out {@link #copy}s.
 */
public final class Hash128Set {

  /** Bytes per key in {@link #toBytes}. */
  public static final int KEY_BYTES = 2 * Long.BYTES;

  private static final int MIN_SLOTS = 16;

  /** Slot i holds (slots[2i], slots[2i + 1]). */
  private long[] slots;

  private int size;

  public Hash128Set() {
    this(MIN_SLOTS);
  }

  private Hash128Set(int slotCount) {
    slots = new long[2 * slotCount];
  }

  public int size() {
    return size;
  }

  public boolean contains(long high, long low) {
    long h = normalHigh(high);
    int mask = slotCount() - 1;
    for (int i = spread(h, low) & mask; ; i = (i + 1) & mask) {
      long kh = slots[2 * i];
      if (kh == h && slots[2 * i + 1] == low) {
        return true;
      }
      if (kh == 0) {
        return false;
      }
    }
  }

  /** Adds the key; false if it was there. */
  public boolean add(long high, long low) {
    if ((size + 1) * 2 > slotCount()) {
      resize(slotCount() * 2);
    }
    long h = normalHigh(high);
    int mask = slotCount() - 1;
    int i = spread(h, low) & mask;
    while (slots[2 * i] != 0) {
      if (slots[2 * i] == h && slots[2 * i + 1] == low) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[2 * i] = h;
    slots[2 * i + 1] = low;
    size++;
    return true;
  }

  public Hash128Set copy() {
    Hash128Set copy = new Hash128Set(0);
    copy.slots = slots.clone();
    copy.size = size;
    return copy;
  }

  /** The keys only, {@link #KEY_BYTES} each, after their count. */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + size * KEY_BYTES);
    out.putInt(size);
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0) {
        out.putLong(slots[i]).putLong(slots[i + 1]);
      }
    }
    return out.array();
  }

  public static Hash128Set fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int count = in.getInt();
    if (count < 0 || count > in.remaining() / KEY_BYTES) {
      throw new IllegalArgumentException(
          "a set of " + count + " keys in " + bytes.length + " bytes");
    }
    Hash128Set set = new Hash128Set(slotCountFor(count));
    for (int i = 0; i < count; i++) {
      set.add(in.getLong(), in.getLong());
    }
    return set;
  }

  /** The same keys, wherever their slots. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Hash128Set other) || size != other.size) {
      return false;
    }
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0 && !other.contains(slots[i], slots[i + 1])) {
        return false;
      }
    }
    return true;
  }

  /** Independent of slot order, as {@link #equals} is. */
  @Override
  public int hashCode() {
    int hash = 0;
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0) {
        hash += Long.hashCode(slots[i] ^ slots[i + 1]);
      }
    }
    return hash;
  }

  private int slotCount() {
    return slots.length / 2;
  }

  private void resize(int slotCount) {
    long[] old = slots;
    slots = new long[2 * slotCount];
    size = 0;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != 0) {
        add(old[i], old[i + 1]);
      }
    }
  }

  private static long normalHigh(long high) {
    return high == 0 ? 1 : high;
  }

  private static int spread(long high, long low) {
    long h = high ^ low;
    return (int) (h ^ (h >>> 32));
  }

  private static int slotCountFor(int count) {
    int slotCount = MIN_SLOTS;
    while (slotCount < count * 2 + 2) {
      slotCount *= 2;
    }
    return slotCount;
  }
}
