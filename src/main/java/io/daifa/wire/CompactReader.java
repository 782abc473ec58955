package io.daifa.wire;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** Reads what {@link CompactWriter} wrote; a truncated or malformed input is an exception. */
final class CompactReader {

  private final byte[] bytes;
  private final int end;
  private int pos;

  CompactReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  /** A reader of {@code length} bytes of {@code bytes} from {@code offset}. */
  CompactReader(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
  }

  /** A reader of a blob cell, past its format version, which must be {@code version}. */
  static CompactReader ofCell(ByteBuffer cell, int version) throws NotSerializableException {
    byte[] bytes = new byte[cell.remaining()];
    cell.duplicate().get(bytes);
    CompactReader in = new CompactReader(bytes);
    int found = in.readByte();
    if (found != version) {
      throw new NotSerializableException("version " + found + "; this reader knows " + version);
    }
    return in;
  }

  /** Where the next byte is read, as an index into the input array. */
  int position() {
    return pos;
  }

  int readByte() throws NotSerializableException {
    need(1);
    return bytes[pos++] & 0xFF;
  }

  long readVarint() throws NotSerializableException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new NotSerializableException("malformed varint at byte " + pos);
  }

  /** A count or index, checked against what the input can still hold. */
  int readSize() throws NotSerializableException {
    long value = readVarint();
    if (value < 0 || value > end - pos + 1L) {
      throw new NotSerializableException("size " + value + " exceeds the input at byte " + pos);
    }
    return (int) value;
  }

  /** The next {@code length} bytes as they are. */
  byte[] readBytes(int length) throws NotSerializableException {
    need(length);
    byte[] read = Arrays.copyOfRange(bytes, pos, pos + length);
    pos += length;
    return read;
  }

  /** An index into something already read; its owner checks the range. */
  int readIndex() throws NotSerializableException {
    long value = readVarint();
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new NotSerializableException("index " + value + " out of range at byte " + pos);
    }
    return (int) value;
  }

  long readSigned() throws NotSerializableException {
    long raw = readVarint();
    return (raw >>> 1) ^ -(raw & 1);
  }

  long readFixed64() throws NotSerializableException {
    need(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (long) (bytes[pos++] & 0xFF) << (8 * i);
    }
    return value;
  }

  String readString() throws NotSerializableException {
    int length = readSize();
    if (length == 0) {
      return null;
    }
    need(length - 1);
    String s = new String(bytes, pos, length - 1, StandardCharsets.UTF_8);
    pos += length - 1;
    return s;
  }

  Instant readInstant() throws NotSerializableException {
    long seconds = readSigned();
    long nanos = readVarint();
    if (nanos < 0 || nanos > 999_999_999L) {
      throw new NotSerializableException("malformed instant at byte " + pos);
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  boolean atEnd() {
    return pos == end;
  }

  private void need(int n) throws NotSerializableException {
    if (n < 0 || pos + n > end) {
      throw new NotSerializableException("input ends at byte " + end);
    }
  }
}
