package io.daifa.store;

import java.nio.ByteBuffer;

/**
 * One row of {@code snapshot_chunks}: a piece of a serialized snapshot. Every piece of a snapshot
 * carries the snapshot's count of pieces and how to deserialize it, so that a reader knows from the
 * rows alone whether a snapshot is whole.
 *
 * @param chunk this piece's place, from 0
 * @param chunks how many pieces the snapshot has
 */
record SnapshotChunk(
    long sequenceNr,
    int chunk,
    int chunks,
    long timestamp,
    int serializerId,
    String manifest,
    ByteBuffer data) {}
