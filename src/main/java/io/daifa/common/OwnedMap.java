package io.daifa.common;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A map that one entity's current state owns and changes in place, where a persistent map paid for
 * every change on the order path (a shop's pending dispatches, a supplier's open orders: a fifth of
 * the in-memory pipeline's CPU samples were pcollections' trees). States that share it are one
 * state at different moments: only the newest is read. The entity hands out {@link #copy}s (for a
 * snapshot, an answer read on another thread) and applies the first event of each recovery to a
 * copy of its empty state, as it does for the orders a shop has seen.
 */
public final class OwnedMap<K, V> extends HashMap<K, V> {

  private static final long serialVersionUID = 1L;

  private OwnedMap(Map<K, V> entries) {
    super(entries);
  }

  /** {@code map} itself if it is owned already, else an owned copy (of what Jackson read, say). */
  public static <K, V> OwnedMap<K, V> of(Map<K, V> map) {
    return map instanceof OwnedMap<K, V> owned ? owned : new OwnedMap<>(map);
  }

  public OwnedMap<K, V> copy() {
    return new OwnedMap<>(this);
  }

  /**
   * Removes each of {@code keys}: {@code keySet().removeAll} with a list as long as the map walks
   * the map and searches the list for every key.
   */
  public void removeEach(Collection<K> keys) {
    for (K key : keys) {
      remove(key);
    }
  }
}
