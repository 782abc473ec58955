package io.daifa.common;

/**
 * A 64-bit hash of a string's chars: FNV-1a, then MurmurHash3's finalizer to spread its bits. Kept
 * in snapshots (the shops' seen-order tables), so it must never change.
 */
public final class StringHash {

  private StringHash() {}

  public static long of(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return mix(h);
  }

  /** MurmurHash3's 64-bit finalizer. */
  public static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
