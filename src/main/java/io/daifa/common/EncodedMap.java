package io.daifa.common;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A map that one entity's current state owns and changes in place, as {@link OwnedMap}, whose
 * values it keeps encoded: one byte array per entry instead of a graph of objects. Made for values
 * held long and read seldom, such as a supplier's open orders: at a sales peak they stay open for
 * days, millions of them, and as objects each cost the collector a copy from young to old space and
 * a visit on every marking. A read decodes a fresh value; {@link #store} and {@link #drop} change
 * an entry without decoding the one they replace.
 *
 * <p>The byte arrays are never changed once written, so a {@link #copy} shares them.
 */
public final class EncodedMap<V> extends AbstractMap<String, V> {

  /** How values become bytes and back; {@code decode(encode(v))} equals {@code v}. */
  public interface Codec<V> {
    byte[] encode(V value);

    V decode(byte[] bytes);
  }

  private final HashMap<String, byte[]> entries;
  private final Codec<V> codec;

  private EncodedMap(HashMap<String, byte[]> entries, Codec<V> codec) {
    this.entries = entries;
    this.codec = codec;
  }

  /** {@code map} itself if it is already kept by {@code codec}, else an encoded copy of it. */
  public static <V> EncodedMap<V> of(Map<String, V> map, Codec<V> codec) {
    if (map instanceof EncodedMap<V> encoded && encoded.codec == codec) {
      return encoded;
    }
    HashMap<String, byte[]> entries = new HashMap<>(Math.max(16, map.size() * 4 / 3 + 1));
    map.forEach((key, value) -> entries.put(key, codec.encode(value)));
    return new EncodedMap<>(entries, codec);
  }

  public EncodedMap<V> copy() {
    return new EncodedMap<>(new HashMap<>(entries), codec);
  }

  /** Sets {@code key}'s value without decoding the one it replaces. */
  public void store(String key, V value) {
    entries.put(key, codec.encode(value));
  }

  /** Stores a value already encoded: bytes its codec wrote, which its {@code decode} reads. */
  public void storeEncoded(String key, byte[] bytes) {
    entries.put(key, bytes);
  }

  /** Removes {@code key} without decoding its value. */
  public void drop(String key) {
    entries.remove(key);
  }

  /**
   * Whether the values are kept by {@code other}, so that {@link #forEachEncoded} gives its form.
   */
  public boolean isKeptBy(Codec<?> other) {
    return codec == other;
  }

  /** Each entry's value as its codec wrote it, for a writer that keeps the same form. */
  public void forEachEncoded(BiConsumer<String, byte[]> action) {
    entries.forEach(action);
  }

  @Override
  public V get(Object key) {
    byte[] bytes = entries.get(key);
    return bytes == null ? null : codec.decode(bytes);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public V put(String key, V value) {
    byte[] old = entries.put(key, codec.encode(value));
    return old == null ? null : codec.decode(old);
  }

  @Override
  public V remove(Object key) {
    byte[] old = entries.remove(key);
    return old == null ? null : codec.decode(old);
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public void clear() {
    entries.clear();
  }

  @Override
  public Set<String> keySet() {
    return entries.keySet();
  }

  @Override
  public Set<Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, V>> iterator() {
        Iterator<Entry<String, byte[]>> encoded = entries.entrySet().iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return encoded.hasNext();
          }

          @Override
          public Entry<String, V> next() {
            Entry<String, byte[]> entry = encoded.next();
            return new SimpleImmutableEntry<>(entry.getKey(), codec.decode(entry.getValue()));
          }

          @Override
          public void remove() {
            encoded.remove();
          }
        };
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }
}
