package io.daifa.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotChunksTest {

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  /** The rows of one snapshot, in the order a read returns them. */
  private static List<SnapshotChunk> rows(long sequenceNr, byte[] bytes, int chunkSize) {
    List<ByteBuffer> pieces = SnapshotChunks.split(bytes, chunkSize);
    return java.util.stream.IntStream.range(0, pieces.size())
        .mapToObj(i -> new SnapshotChunk(sequenceNr, i, pieces.size(), 7L, 33, "m", pieces.get(i)))
        .toList();
  }

  private static SnapshotChunks.Whole read(List<SnapshotChunk> rows) {
    SnapshotChunks chunks = new SnapshotChunks();
    for (SnapshotChunk row : rows) {
      SnapshotChunks.Whole whole = chunks.offer(row);
      if (whole != null) {
        return whole;
      }
    }
    return null;
  }

  @Test
  void piecesAreAtMostTheChunkSizeAndMakeTheBytesAgain() {
    byte[] bytes = randomBytes(10_001);
    List<ByteBuffer> pieces = SnapshotChunks.split(bytes, 1_000);
    assertEquals(11, pieces.size());
    pieces.forEach(piece -> assertEquals(true, piece.remaining() <= 1_000));
    assertEquals(1, pieces.get(10).remaining());
    SnapshotChunks.Whole whole = read(rows(5, bytes, 1_000));
    assertArrayEquals(bytes, whole.bytes());
    assertEquals(5, whole.sequenceNr());
    assertEquals(33, whole.serializerId());
    assertEquals("m", whole.manifest());
  }

  @Test
  void anExactMultipleAndAnEmptySnapshotReadBack() {
    byte[] exact = randomBytes(3_000);
    assertEquals(3, SnapshotChunks.split(exact, 1_000).size());
    assertArrayEquals(exact, read(rows(1, exact, 1_000)).bytes());
    assertEquals(1, SnapshotChunks.split(new byte[0], 1_000).size());
    assertArrayEquals(new byte[0], read(rows(1, new byte[0], 1_000)).bytes());
  }

  @Test
  void aSnapshotMissingAPieceIsSkippedForTheNextOlderWholeOne() {
    byte[] newer = randomBytes(5_000);
    byte[] older = randomBytes(4_000);
    List<SnapshotChunk> newest = new java.util.ArrayList<>(rows(9, newer, 1_000));
    newest.remove(2); // a crash between the writes of its pieces
    List<SnapshotChunk> all = new java.util.ArrayList<>(newest);
    all.addAll(rows(4, older, 1_000));
    SnapshotChunks.Whole whole = read(all);
    assertEquals(4, whole.sequenceNr());
    assertArrayEquals(older, whole.bytes());
  }

  @Test
  void aSnapshotMissingItsLastPieceIsNeverAnswered() {
    List<SnapshotChunk> rows = rows(9, randomBytes(5_000), 1_000);
    assertNull(read(rows.subList(0, 4)));
  }

  @Test
  void theChunkSizeMustBePositive() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> SnapshotChunks.split(new byte[1], 0));
  }
}
