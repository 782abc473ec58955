package io.daifa.common;

/**
 * A 128-bit hash of an ID within its shop (a dispatch, an order), as two independent 64-bit halves
 * for a {@link Hash128Set}: two IDs look alike with a probability of about 10⁻²⁷ for a million of
 * them. Kept in snapshots (the suppliers' seen dispatches), so it must never change.
 */
public final class ShopScopedHash {

  private ShopScopedHash() {}

  /** FNV-1a over shop ID, '/' and ID, then MurmurHash3's finalizer. */
  public static long high(String shopId, String id) {
    long h = StringHash.fnv1a(StringHash.FNV_OFFSET, shopId);
    h = StringHash.fnv1a(StringHash.fnv1a(h, "/"), id);
    return StringHash.mix(h);
  }

  /** A second, independent hash of the same chars: a polynomial by the golden ratio, mixed. */
  public static long low(String shopId, String id) {
    long h = 0x2545f4914f6cdd1dL;
    for (int i = 0; i < shopId.length(); i++) {
      h = h * 0x9e3779b97f4a7c15L + shopId.charAt(i);
    }
    h = h * 0x9e3779b97f4a7c15L + '/';
    for (int i = 0; i < id.length(); i++) {
      h = h * 0x9e3779b97f4a7c15L + id.charAt(i);
    }
    return StringHash.mix(h ^ (h >>> 29));
  }
}
