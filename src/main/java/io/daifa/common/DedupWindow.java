package io.daifa.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * Remembers keys for at least a window of time, in bounded memory: two generations, the current one
 * and the one before, each spanning one window; when the current generation is a window old it
 * becomes the previous one and the oldest is forgotten. A key therefore lives between one and two
 * windows. Time is the event time passed in, so that replaying the journal rebuilds exactly the
 * same window.
 *
 * @param <V> what is remembered about each key
 */
public record DedupWindow<V>(
    long windowMillis,
    long generationStartMillis,
    Map<String, V> current,
    Map<String, V> previous) {

  public DedupWindow {
    current = Persistent.map(current);
    previous = Persistent.map(previous);
  }

  public static <V> DedupWindow<V> of(Duration window) {
    return new DedupWindow<>(window.toMillis(), 0, HashTreePMap.empty(), HashTreePMap.empty());
  }

  public V get(String key) {
    V value = current.get(key);
    return value != null ? value : previous.get(key);
  }

  public boolean contains(String key) {
    return get(key) != null;
  }

  public int size() {
    return current.size() + previous.size();
  }

  /** Adds or replaces a key at {@code now}, first rotating the generations if one is due. */
  public DedupWindow<V> plus(String key, V value, Instant now) {
    DedupWindow<V> rotated = rotatedTo(now);
    PMap<String, V> cur = (PMap<String, V>) rotated.current;
    return new DedupWindow<>(
        windowMillis, rotated.generationStartMillis, cur.plus(key, value), rotated.previous);
  }

  /** This window at {@code now}: keys more than two windows old are forgotten. */
  public DedupWindow<V> at(Instant now) {
    return rotatedTo(now);
  }

  private DedupWindow<V> rotatedTo(Instant now) {
    long nowMillis = now.toEpochMilli();
    if (nowMillis - generationStartMillis < windowMillis) {
      return this;
    }
    // A gap of two windows or more forgets both generations.
    Map<String, V> keep =
        nowMillis - generationStartMillis < 2 * windowMillis ? current : HashTreePMap.empty();
    return new DedupWindow<>(windowMillis, nowMillis, HashTreePMap.empty(), keep);
  }
}
