package io.daifa.routing;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A shop's product routes (SPU ID to supplier ID), immutable, read for every line routed by
 * product. An open-addressing table that keeps each key's mixed hash beside it, so that a lookup is
 * usually one slot, one int comparison and one string comparison. {@code Map.copyOf} probes its
 * table linearly from the raw {@code String.hashCode}, and IDs such as {@code spu-1}, {@code
 * spu-2}, … hash to neighbouring values: lookups walked long runs of slots comparing strings (95 ns
 * per 1-line order with 1,000 routes).
 */
final class SpuRoutes extends AbstractMap<String, String> {

  private static final SpuRoutes EMPTY = new SpuRoutes(Map.of());

  private final String[] keys;
  private final String[] values;
  private final int[] hashes;
  private final int mask;
  private final int size;

  /** The routes as a {@code SpuRoutes}; null keys or values are refused, as by Map.copyOf. */
  static Map<String, String> copyOf(Map<String, String> routes) {
    if (routes instanceof SpuRoutes already) {
      return already;
    }
    return routes.isEmpty() ? EMPTY : new SpuRoutes(routes);
  }

  private SpuRoutes(Map<String, String> routes) {
    int capacity = 2;
    while (capacity < routes.size() * 2) {
      capacity <<= 1; // at most half full, so that runs of occupied slots stay short
    }
    keys = new String[capacity];
    values = new String[capacity];
    hashes = new int[capacity];
    mask = capacity - 1;
    routes.forEach(
        (spu, supplier) -> {
          int h = mix(Objects.requireNonNull(spu, "SPU ID").hashCode());
          int i = h & mask;
          while (keys[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = spu;
          values[i] = Objects.requireNonNull(supplier, "supplier ID");
          hashes[i] = h;
        });
    size = routes.size();
  }

  /** Spreads neighbouring string hashes over the table (a Fibonacci multiply, then a fold). */
  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  @Override
  public String get(Object key) {
    if (!(key instanceof String spu)) {
      return null;
    }
    int h = mix(spu.hashCode());
    for (int i = h & mask; ; i = (i + 1) & mask) {
      String k = keys[i];
      if (k == null) {
        return null;
      }
      if (hashes[i] == h && (k == spu || k.equals(spu))) {
        return values[i];
      }
    }
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int slot = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < keys.length && keys[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return slot < keys.length;
          }

          @Override
          public Entry<String, String> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Entry<String, String> entry = new SimpleImmutableEntry<>(keys[slot], values[slot]);
            slot = advance(slot + 1);
            return entry;
          }
        };
      }
    };
  }
}
