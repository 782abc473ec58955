package io.daifa.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a serialized snapshot into pieces no larger than a write Cassandra takes, and puts it back
 * together from its rows, read newest snapshot first and each one's pieces in order.
 *
 * <p>A snapshot is one write per piece, so a crash can leave one with pieces missing: it is
 * skipped, and the next older one whole is the answer ({@link #offer}).
 */
final class SnapshotChunks {

  /** A whole snapshot, put back together. */
  record Whole(long sequenceNr, long timestamp, int serializerId, String manifest, byte[] bytes) {}

  private long sequenceNr = Long.MIN_VALUE;
  private int expected;
  private boolean broken;
  private byte[] bytes;
  private int length;

  /** {@code bytes} in pieces of at most {@code chunkSize} bytes; one empty piece for no bytes. */
  static List<ByteBuffer> split(byte[] bytes, int chunkSize) {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
    }
    List<ByteBuffer> pieces = new ArrayList<>();
    int offset = 0;
    do {
      int size = Math.min(chunkSize, bytes.length - offset);
      pieces.add(ByteBuffer.wrap(bytes, offset, size).slice());
      offset += size;
    } while (offset < bytes.length);
    return pieces;
  }

  /**
   * Takes the next row of the read; returns the snapshot it completes, or null. A snapshot whose
   * pieces do not come as 0, 1, 2 … up to its count is never answered.
   */
  Whole offer(SnapshotChunk row) {
    if (row.sequenceNr() != sequenceNr) {
      sequenceNr = row.sequenceNr();
      expected = 0;
      broken = false;
      bytes = null;
      length = 0;
    }
    if (broken) {
      return null;
    }
    if (row.chunk() != expected || row.chunks() <= row.chunk()) {
      broken = true;
      bytes = null;
      return null;
    }
    append(row.data(), row.chunks());
    expected++;
    if (expected < row.chunks()) {
      return null;
    }
    byte[] whole = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    broken = true; // answered: any further row of this sequence number is not another snapshot
    bytes = null;
    return new Whole(row.sequenceNr(), row.timestamp(), row.serializerId(), row.manifest(), whole);
  }

  private void append(ByteBuffer data, int chunks) {
    int size = data.remaining();
    if (bytes == null) {
      // Every piece but the last is full: the first one's size times the count is enough.
      bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, (long) size * chunks)];
    }
    if (length + size > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + size, bytes.length * 2));
    }
    data.duplicate().get(bytes, length, size);
    length += size;
  }
}
