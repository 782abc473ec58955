package io.daifa.common;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A map that one entity's current state owns and changes in place, as {@link OwnedMap}, with no
 * object per entry: each key and value is a record of bytes in {@link ByteChunks}, found through an
 * open-addressing table of primitive slots (a 64-bit hash of the key and the record's address).
 * Made for values held long and read seldom, such as a supplier's open orders: at a sales peak
 * millions stay open for days, and as a {@code HashMap} of keys and byte arrays each cost the
 * collector four objects to copy from young to old space and to visit on every marking, and each
 * new entry left a reference from the old table to a young node for the next young collection to
 * scan. A read decodes a fresh value; {@link #store} and {@link #drop} change an entry without
 * decoding the one they replace.
 *
 * <p>A record is the key's length and UTF-8 bytes, then the value's length and the bytes its codec
 * wrote. A changed value is appended as a new record; when the records no longer live take more
 * room than the live ones, the live ones are copied into fresh chunks. A {@link #copy} shares the
 * records written so far. The iterators do not support {@code remove}.
 */
public final class EncodedMap<V> extends AbstractMap<String, V> {

  /** How values become bytes and back; decoding what {@code encode(v)} wrote gives {@code v}. */
  public interface Codec<V> {
    byte[] encode(V value);

    /** The value written in {@code length} bytes of {@code bytes} from {@code offset}. */
    V decode(byte[] bytes, int offset, int length);

    default V decode(byte[] bytes) {
      return decode(bytes, 0, bytes.length);
    }
  }

  /**
   * Receives a value as its codec wrote it: {@code length} bytes of {@code bytes} from {@code
   * offset}.
   */
  public interface EncodedValue {
    void accept(byte[] bytes, int offset, int length);
  }

  private static final int MIN_SLOTS = 16;

  /** Bytes of records no longer live tolerated in any case, before compacting. */
  private static final long MIN_GARBAGE = 64 * 1024;

  private final Codec<V> codec;

  /** Slot i holds the key's hash at 2i (0 when empty) and its record's address at 2i + 1. */
  private long[] slots;

  private int size;
  private ByteChunks records;

  /** Bytes of the records the slots point to. */
  private long liveBytes;

  private EncodedMap(Codec<V> codec, long[] slots, int size, ByteChunks records, long liveBytes) {
    this.codec = codec;
    this.slots = slots;
    this.size = size;
    this.records = records;
    this.liveBytes = liveBytes;
  }

  private EncodedMap(Codec<V> codec) {
    this(codec, new long[2 * MIN_SLOTS], 0, new ByteChunks(), 0);
  }

  /** {@code map} itself if it is already kept by {@code codec}, else an encoded copy of it. */
  public static <V> EncodedMap<V> of(Map<String, V> map, Codec<V> codec) {
    if (map instanceof EncodedMap<V> encoded && encoded.codec == codec) {
      return encoded;
    }
    EncodedMap<V> encoded = new EncodedMap<>(codec);
    map.forEach(encoded::store);
    return encoded;
  }

  /** A map with the same entries that later changes to either leave the other as it is. */
  public EncodedMap<V> copy() {
    return new EncodedMap<>(codec, slots.clone(), size, records.copy(), liveBytes);
  }

  /** Sets {@code key}'s value without decoding the one it replaces. */
  public void store(String key, V value) {
    storeEncoded(key, codec.encode(value));
  }

  /** Stores a value already encoded: bytes its codec wrote, which its {@code decode} reads. */
  public void storeEncoded(String key, byte[] value) {
    long hash = hash(key);
    int slot = find(key, hash);
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    long address = append(keyBytes, value);
    if (slot >= 0) {
      liveBytes -= recordLength(slots[2 * slot + 1]);
      slots[2 * slot + 1] = address;
      compactIfWasteful();
      return;
    }
    if ((size + 1) * 2 > slotCount()) {
      resize(slotCount() * 2);
    }
    insert(hash, address);
    size++;
  }

  /** Removes {@code key} without decoding its value. */
  public void drop(String key) {
    int slot = find(key, hash(key));
    if (slot < 0) {
      return;
    }
    liveBytes -= recordLength(slots[2 * slot + 1]);
    vacate(slot);
    size--;
    compactIfWasteful();
  }

  /**
   * Whether the values are kept by {@code other}, so that {@link #forEachEncoded} gives its form.
   */
  public boolean isKeptBy(Codec<?> other) {
    return codec == other;
  }

  /** Each entry's value as its codec wrote it, for a writer that keeps the same form. */
  public void forEachEncoded(EncodedValue action) {
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0) {
        long address = slots[i + 1];
        byte[] chunk = records.chunk(address);
        int at = valueStart(chunk, ByteChunks.offset(address));
        int length = (int) readVarint(chunk, at);
        action.accept(chunk, at + varintLength(length), length);
      }
    }
  }

  @Override
  public V get(Object key) {
    if (!(key instanceof String k)) {
      return null;
    }
    int slot = find(k, hash(k));
    return slot < 0 ? null : valueAt(slots[2 * slot + 1]);
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String k && find(k, hash(k)) >= 0;
  }

  @Override
  public V put(String key, V value) {
    V old = get(key);
    store(key, value);
    return old;
  }

  @Override
  public V remove(Object key) {
    V old = get(key);
    if (old != null) {
      drop((String) key);
    }
    return old;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void clear() {
    slots = new long[2 * MIN_SLOTS];
    size = 0;
    records = new ByteChunks();
    liveBytes = 0;
  }

  @Override
  public Set<String> keySet() {
    return new Entries<>(this::keyAt) {
      @Override
      public boolean contains(Object key) {
        return containsKey(key);
      }
    };
  }

  @Override
  public Set<Entry<String, V>> entrySet() {
    return new Entries<>(
        slot -> new SimpleImmutableEntry<>(keyAt(slot), valueAt(slots[2 * slot + 1])));
  }

  /** A view of the entries, each made from its slot by {@code element}. */
  private class Entries<T> extends AbstractSet<T> {
    private final IntFunction<T> element;

    Entries(IntFunction<T> element) {
      this.element = element;
    }

    @Override
    public Iterator<T> iterator() {
      return new Iterator<>() {
        private int next = nextSlot(0);

        @Override
        public boolean hasNext() {
          return next < slotCount();
        }

        @Override
        public T next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          T found = element.apply(next);
          next = nextSlot(next + 1);
          return found;
        }
      };
    }

    @Override
    public int size() {
      return size;
    }
  }

  private int nextSlot(int from) {
    int slot = from;
    while (slot < slotCount() && slots[2 * slot] == 0) {
      slot++;
    }
    return slot;
  }

  // ---- the table ----

  private int slotCount() {
    return slots.length / 2;
  }

  /** The slot holding {@code key}, or -1. */
  private int find(String key, long hash) {
    int mask = slotCount() - 1;
    for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
      long h = slots[2 * i];
      if (h == 0) {
        return -1;
      }
      if (h == hash && keyEquals(slots[2 * i + 1], key)) {
        return i;
      }
    }
  }

  private void insert(long hash, long address) {
    int mask = slotCount() - 1;
    int i = (int) hash & mask;
    while (slots[2 * i] != 0) {
      i = (i + 1) & mask;
    }
    slots[2 * i] = hash;
    slots[2 * i + 1] = address;
  }

  /**
   * Empties a slot by shifting back the entries after it that probed past it, so that no lookup
   * stops early at the hole (linear probing needs no tombstones this way).
   */
  private void vacate(int slot) {
    int mask = slotCount() - 1;
    int hole = slot;
    for (int i = (hole + 1) & mask; slots[2 * i] != 0; i = (i + 1) & mask) {
      int home = (int) slots[2 * i] & mask;
      // The entry at i may move back to the hole unless its home lies cyclically in (hole, i].
      boolean homeAfterHole = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (!homeAfterHole) {
        slots[2 * hole] = slots[2 * i];
        slots[2 * hole + 1] = slots[2 * i + 1];
        hole = i;
      }
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = 0;
  }

  private void resize(int slotCount) {
    long[] old = slots;
    slots = new long[2 * slotCount];
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != 0) {
        insert(old[i], old[i + 1]);
      }
    }
  }

  /** {@link StringHash} of the key; never 0, which marks an empty slot. */
  static long hash(String key) {
    long h = StringHash.of(key);
    return h == 0 ? 1 : h;
  }

  // ---- the records ----

  private long append(byte[] key, byte[] value) {
    int length = varintLength(key.length) + key.length + varintLength(value.length) + value.length;
    long address = records.reserve(length);
    byte[] chunk = records.chunk(address);
    int at = writeVarint(chunk, ByteChunks.offset(address), key.length);
    System.arraycopy(key, 0, chunk, at, key.length);
    at = writeVarint(chunk, at + key.length, value.length);
    System.arraycopy(value, 0, chunk, at, value.length);
    liveBytes += length;
    return address;
  }

  private int recordLength(long address) {
    byte[] chunk = records.chunk(address);
    int start = ByteChunks.offset(address);
    int at = valueStart(chunk, start);
    int valueLength = (int) readVarint(chunk, at);
    return at + varintLength(valueLength) + valueLength - start;
  }

  private boolean keyEquals(long address, String key) {
    byte[] chunk = records.chunk(address);
    int at = ByteChunks.offset(address);
    int length = (int) readVarint(chunk, at);
    at += varintLength(length);
    if (length == key.length()) {
      // The common case, an ASCII key, compared without encoding it.
      boolean ascii = true;
      for (int i = 0; i < length && ascii; i++) {
        char c = key.charAt(i);
        if (c >= 0x80) {
          ascii = false;
        } else if (chunk[at + i] != c) {
          return false;
        }
      }
      if (ascii) {
        return true;
      }
    }
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    return Arrays.equals(chunk, at, at + length, utf8, 0, utf8.length);
  }

  private String keyAt(int slot) {
    long address = slots[2 * slot + 1];
    byte[] chunk = records.chunk(address);
    int at = ByteChunks.offset(address);
    int length = (int) readVarint(chunk, at);
    return new String(chunk, at + varintLength(length), length, StandardCharsets.UTF_8);
  }

  private V valueAt(long address) {
    byte[] chunk = records.chunk(address);
    int at = valueStart(chunk, ByteChunks.offset(address));
    int length = (int) readVarint(chunk, at);
    return codec.decode(chunk, at + varintLength(length), length);
  }

  /** Where the value's length is written, in the record at {@code start}. */
  private static int valueStart(byte[] chunk, int start) {
    int keyLength = (int) readVarint(chunk, start);
    return start + varintLength(keyLength) + keyLength;
  }

  /**
   * Copies the live records into fresh chunks once the others take more room than they do (and more
   * than {@link #MIN_GARBAGE}): each byte is copied at most once per byte dropped before.
   */
  private void compactIfWasteful() {
    long garbage = records.used() - liveBytes;
    if (garbage <= Math.max(liveBytes, MIN_GARBAGE)) {
      return;
    }
    ByteChunks fresh = new ByteChunks();
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0) {
        long address = slots[i + 1];
        int length = recordLength(address);
        long moved = fresh.reserve(length);
        System.arraycopy(
            records.chunk(address),
            ByteChunks.offset(address),
            fresh.chunk(moved),
            ByteChunks.offset(moved),
            length);
        slots[i + 1] = moved;
      }
    }
    records = fresh;
  }

  private static int writeVarint(byte[] to, int at, int value) {
    while ((value & ~0x7F) != 0) {
      to[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    to[at++] = (byte) value;
    return at;
  }

  private static long readVarint(byte[] from, int at) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = from[at++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }

  private static int varintLength(int value) {
    int length = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      length++;
    }
    return length;
  }
}
