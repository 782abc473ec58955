package io.daifa.common;

/**
 * A 64-bit hash of a string's chars: FNV-1a, then MurmurHash3's finalizer to spread its bits. Kept
 * in snapshots (the shops' seen-order tables), so it must never change.
 */
public final class StringHash {

  private StringHash() {}

  /** Where FNV-1a starts, before any char. */
  public static final long FNV_OFFSET = 0xcbf29ce484222325L;

  public static long of(String s) {
    return mix(fnv1a(FNV_OFFSET, s));
  }

  /**
   * FNV-1a continued from {@code h} over the chars of {@code s}, unmixed: several strings hash as
   * their concatenation without building it.
   */
  public static long fnv1a(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
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
