package io.daifa.common;

/**
 * Marker for every message, event and state that crosses a process boundary or reaches the journal;
 * bound to Jackson CBOR in {@code serialization.conf}.
 */
public interface CborSerializable {}
