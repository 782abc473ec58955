package io.daifa.common;

import java.util.Map;
import java.util.Set;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;

/**
 * Views of maps and sets as persistent collections, so that immutable state can add or remove one
 * entry in O(log n) instead of copying. Jackson reads state back as plain collections; the
 * canonical constructors of state records pass them through here.
 */
public final class Persistent {

  private Persistent() {}

  public static <K, V> PMap<K, V> map(Map<K, V> map) {
    return map instanceof PMap<K, V> p ? p : HashTreePMap.from(map);
  }

  public static <E> PSet<E> set(Set<E> set) {
    return set instanceof PSet<E> p ? p : HashTreePSet.from(set);
  }
}
