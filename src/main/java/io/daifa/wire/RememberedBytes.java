package io.daifa.wire;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Bytes already encoded for particular objects (by identity: an equal object made elsewhere is
 * encoded afresh), each given back once. Locked: the journal remembers on its actor's thread and
 * the plugin encodes on its own.
 */
final class RememberedBytes {

  private final Map<Object, byte[]> bytes = new IdentityHashMap<>();

  synchronized void put(Object payload, byte[] encoded) {
    bytes.put(payload, encoded);
  }

  /** The bytes remembered for {@code payload}, now forgotten; null when there are none. */
  synchronized byte[] take(Object payload) {
    return bytes.isEmpty() ? null : bytes.remove(payload);
  }

  synchronized void forget(Object payload) {
    bytes.remove(payload);
  }
}
