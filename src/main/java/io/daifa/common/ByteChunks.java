package io.daifa.common;

import java.util.Arrays;

/**
 * Records appended into a few large byte arrays instead of one array each: a million records held
 * for days cost the collector a million objects to copy and mark, where the same bytes in chunks of
 * up to a megabyte cost it a few dozen arrays with no reference in them. Chunks start small and
 * double, so that an owner of few records holds little.
 *
 * <p>An address names where a record starts: the chunk's index in its high 32 bits, the offset in
 * the low. Nothing written is ever changed. A {@link #copy} shares the chunks written so far and
 * appends only to chunks of its own, while the original goes on appending past what the copy can
 * read, so the two never see each other's writes. Not thread-safe.
 */
final class ByteChunks {

  private static final int FIRST_CHUNK = 1024;

  /**
   * Half of G1's 2 MiB region (its size for heaps of 4 to 8 GiB), so that a full-sized chunk is a
   * humongous object: allocated in the old space, never copied.
   */
  private static final int LARGEST_CHUNK = 1 << 20;

  private byte[][] chunks;
  private int count;

  /** Bytes taken in the last chunk; its length when it may not be appended to. */
  private int fill;

  /** Bytes reserved, plus the tails of chunks left unused: what the chunks hold, live or not. */
  private long used;

  ByteChunks() {
    chunks = new byte[4][];
  }

  private ByteChunks(byte[][] chunks, int count, int fill, long used) {
    this.chunks = chunks;
    this.count = count;
    this.fill = fill;
    this.used = used;
  }

  /** Where {@code length} bytes may now be written, all in one chunk. */
  long reserve(int length) {
    if (count == 0 || fill + length > chunks[count - 1].length) {
      if (count > 0) {
        used += chunks[count - 1].length - fill;
      }
      openChunk(length);
    }
    long address = ((long) (count - 1) << 32) | fill;
    fill += length;
    used += length;
    return address;
  }

  /** The chunk holding {@code address}. */
  byte[] chunk(long address) {
    return chunks[(int) (address >>> 32)];
  }

  static int offset(long address) {
    return (int) address;
  }

  long used() {
    return used;
  }

  /** A copy that reads everything written so far and appends to new chunks of its own. */
  ByteChunks copy() {
    int sealed = count == 0 ? 0 : chunks[count - 1].length;
    return new ByteChunks(chunks.clone(), count, sealed, used + sealed - fill);
  }

  private void openChunk(int atLeast) {
    int previous = count == 0 ? FIRST_CHUNK / 2 : chunks[count - 1].length;
    int size = Math.max(atLeast, Math.min(LARGEST_CHUNK, previous * 2));
    if (count == chunks.length) {
      chunks = Arrays.copyOf(chunks, count * 2);
    }
    chunks[count++] = new byte[size];
    fill = 0;
  }
}
