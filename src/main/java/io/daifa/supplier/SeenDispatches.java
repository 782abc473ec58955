package io.daifa.supplier;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.common.Generations;
import io.daifa.common.Hash128Set;
import io.daifa.common.ShopScopedHash;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;

/**
 * The dispatches a supplier received within its de-duplication window, so that a dispatch a shop
 * sends again (its acknowledgement was lost) is acknowledged without being applied twice. Lean, for
 * suppliers that receive hundreds of thousands of dispatches in a window: per dispatch a 128-bit
 * hash of its shop and dispatch ID in a primitive array ({@link Hash128Set}), 16 bytes in a
 * snapshot. The persistent map of "shop/dispatch" strings it replaces cost about 200 bytes of heap
 * per dispatch and was the largest allocation of the in-memory pipeline.
 *
 * <p>A false "seen" would drop a dispatch, so the hash is 128 bits ({@link ShopScopedHash}): two
 * dispatches look alike with a probability of about 10⁻²⁷ for a million in a window.
 *
 * <p>Time is kept in two {@link Generations}: a dispatch is remembered between one and two windows,
 * by event time, so a replay rebuilds the same window.
 *
 * <p>Mutable, as the supplier's open orders are: the event being applied adds to it in place, and
 * snapshots and readers take a {@link #copy}.
 */
public final class SeenDispatches {

  private final Generations<Hash128Set> seen;

  private SeenDispatches(Generations<Hash128Set> seen) {
    this.seen = seen;
  }

  private SeenDispatches(
      long windowMillis, long generationStartMillis, Hash128Set current, Hash128Set previous) {
    this(
        new Generations<>(windowMillis, generationStartMillis, current, previous, Hash128Set::new));
  }

  public static SeenDispatches of(Duration window) {
    return new SeenDispatches(Generations.empty(window.toMillis(), Hash128Set::new));
  }

  public int size() {
    return seen.current().size() + seen.previous().size();
  }

  public boolean contains(String shopId, String dispatchId) {
    long high = ShopScopedHash.high(shopId, dispatchId);
    long low = ShopScopedHash.low(shopId, dispatchId);
    return seen.current().contains(high, low) || seen.previous().contains(high, low);
  }

  /** Remembers a dispatch at {@code at} (event time). */
  public void add(String shopId, String dispatchId, Instant at) {
    seen.at(at.toEpochMilli())
        .add(ShopScopedHash.high(shopId, dispatchId), ShopScopedHash.low(shopId, dispatchId));
  }

  /** A copy that later additions to this one do not change. */
  public SeenDispatches copy() {
    return new SeenDispatches(seen.copy(Hash128Set::copy));
  }

  // ---- snapshot form ----

  /** The snapshot form: each generation's hashes as bytes. */
  record Packed(long windowMillis, long generationStartMillis, byte[] current, byte[] previous) {}

  @JsonValue
  Packed packed() {
    return new Packed(
        seen.windowMillis(),
        seen.startMillis(),
        seen.current().toBytes(),
        seen.previous().toBytes());
  }

  /**
   * Reads the snapshot form, or the form before it: a {@code DedupWindow} whose keys were
   * "shop/dispatch" (a shop ID never holds a '/').
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static SeenDispatches fromJson(JsonNode node) {
    long windowMillis = node.get("windowMillis").asLong();
    long generationStartMillis = node.get("generationStartMillis").asLong();
    JsonNode current = node.get("current");
    if (current != null && current.isObject()) {
      return new SeenDispatches(
          windowMillis, generationStartMillis, fromKeys(current), fromKeys(node.get("previous")));
    }
    return new SeenDispatches(
        windowMillis,
        generationStartMillis,
        Hash128Set.fromBytes(bytes(current)),
        Hash128Set.fromBytes(bytes(node.get("previous"))));
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("a generation of dispatches seen is not bytes", e);
    }
  }

  private static Hash128Set fromKeys(JsonNode keys) {
    Hash128Set set = new Hash128Set();
    if (keys == null) {
      return set;
    }
    for (Iterator<String> it = keys.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      int slash = key.indexOf('/');
      String shopId = key.substring(0, slash);
      String dispatchId = key.substring(slash + 1);
      set.add(ShopScopedHash.high(shopId, dispatchId), ShopScopedHash.low(shopId, dispatchId));
    }
    return set;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeenDispatches other && seen.equals(other.seen);
  }

  @Override
  public int hashCode() {
    return seen.hashCode();
  }

  @Override
  public String toString() {
    return "SeenDispatches[current="
        + seen.current().size()
        + ", previous="
        + seen.previous().size()
        + "]";
  }
}
