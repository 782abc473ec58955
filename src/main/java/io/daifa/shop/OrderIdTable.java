package io.daifa.shop;

import java.nio.ByteBuffer;

/**
 * An open-addressing hash table from a 64-bit order-ID hash to two longs (the body's fingerprint
 * and the routing shape), in three primitive arrays: about 48 bytes of heap per order at most, no
 * object per entry. Key 0 marks an empty slot, so a hash of 0 is stored as 1.
 */
final class OrderIdTable {

  /** Bytes per entry in {@link #write}: key, fingerprint, shape. */
  static final int ENTRY_BYTES = 3 * Long.BYTES;

  private static final int MIN_CAPACITY = 16;

  private long[] keys;
  private long[] fingerprints;
  private long[] shapes;
  private int size;

  OrderIdTable() {
    this(MIN_CAPACITY);
  }

  private OrderIdTable(int capacity) {
    keys = new long[capacity];
    fingerprints = new long[capacity];
    shapes = new long[capacity];
  }

  static long key(long hash) {
    return hash == 0 ? 1 : hash;
  }

  int size() {
    return size;
  }

  /** The slot holding {@code key}, or -1. */
  int find(long key) {
    int mask = keys.length - 1;
    for (int i = spread(key) & mask; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return i;
      }
      if (k == 0) {
        return -1;
      }
    }
  }

  long fingerprintAt(int slot) {
    return fingerprints[slot];
  }

  long shapeAt(int slot) {
    return shapes[slot];
  }

  /** Adds or replaces the entry of {@code key}. */
  void put(long key, long fingerprint, long shape) {
    if ((size + 1) * 2 > keys.length) {
      resize(keys.length * 2);
    }
    int mask = keys.length - 1;
    int i = spread(key) & mask;
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == 0) {
      size++;
    }
    keys[i] = key;
    fingerprints[i] = fingerprint;
    shapes[i] = shape;
  }

  OrderIdTable copy() {
    OrderIdTable copy = new OrderIdTable(0);
    copy.keys = keys.clone();
    copy.fingerprints = fingerprints.clone();
    copy.shapes = shapes.clone();
    copy.size = size;
    return copy;
  }

  /** The entries only, {@link #ENTRY_BYTES} each, after their count. */
  byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + size * ENTRY_BYTES);
    out.putInt(size);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        out.putLong(keys[i]).putLong(fingerprints[i]).putLong(shapes[i]);
      }
    }
    return out.array();
  }

  static OrderIdTable fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int count = in.getInt();
    if (count < 0 || count > in.remaining() / ENTRY_BYTES) {
      throw new IllegalArgumentException("a table of " + count + " entries in " + bytes.length);
    }
    OrderIdTable table = new OrderIdTable(capacityFor(count));
    for (int i = 0; i < count; i++) {
      table.put(key(in.getLong()), in.getLong(), in.getLong());
    }
    return table;
  }

  /** Same entries, wherever their slots. */
  boolean sameEntries(OrderIdTable other) {
    if (size != other.size) {
      return false;
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        int slot = other.find(keys[i]);
        if (slot < 0
            || other.fingerprints[slot] != fingerprints[i]
            || other.shapes[slot] != shapes[i]) {
          return false;
        }
      }
    }
    return true;
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    long[] oldFingerprints = fingerprints;
    long[] oldShapes = shapes;
    keys = new long[capacity];
    fingerprints = new long[capacity];
    shapes = new long[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldFingerprints[i], oldShapes[i]);
      }
    }
  }

  private static int capacityFor(int count) {
    int capacity = MIN_CAPACITY;
    while (capacity < count * 2 + 2) {
      capacity *= 2;
    }
    return capacity;
  }

  /** The key's own bits are a good hash already; mixing the halves spreads them over the slots. */
  private static int spread(long key) {
    return (int) (key ^ (key >>> 32));
  }

  @Override
  public String toString() {
    return "OrderIdTable[size=" + size + ", capacity=" + keys.length + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrderIdTable other && sameEntries(other);
  }

  @Override
  public int hashCode() {
    long sum = 0;
    for (int i = 0; i < keys.length; i++) {
      sum += keys[i] * 31 + fingerprints[i] + shapes[i];
    }
    return Long.hashCode(sum);
  }
}
