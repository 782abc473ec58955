package io.daifa.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes the compact binary form of hot events and messages: unsigned varints for sizes and
 * indexes, zig-zag varints for amounts, UTF-8 strings with their length first. No field names and
 * no class names: the layout is fixed by the format version written first.
 */
final class CompactWriter {

  private byte[] bytes;
  private int size;

  CompactWriter(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  /** Empties the writer to write again into the same buffer. */
  void reset() {
    size = 0;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  void writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void writeVarint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  void writeSigned(long value) {
    writeVarint(zigZag(value));
  }

  /** A signed value as an unsigned one that is small when its magnitude is (as protobuf's sint). */
  static long zigZag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  void writeFixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
  }

  /** A string, or null: the length plus one, then the UTF-8 bytes; 0 stands for null. */
  void writeString(String s) {
    if (s == null) {
      writeVarint(0);
      return;
    }
    // IDs, and most other strings, are ASCII: one byte per char, copied in place rather than
    // encoded into an array of their own first. Anything else is written again as UTF-8.
    int start = size;
    int length = s.length();
    writeVarint(length + 1L);
    ensure(length);
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        size = start;
        writeUtf8(s);
        return;
      }
      bytes[size + i] = (byte) c;
    }
    size += length;
  }

  private void writeUtf8(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeVarint(utf8.length + 1L);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
  }

  /** {@code b} as it is; the reader must know its length. */
  void writeBytes(byte[] b) {
    writeBytes(b, 0, b.length);
  }

  /** {@code length} bytes of {@code b} from {@code offset}, as they are. */
  void writeBytes(byte[] b, int offset, int length) {
    ensure(length);
    System.arraycopy(b, offset, bytes, size, length);
    size += length;
  }

  void writeInstant(Instant at) {
    writeSigned(at.getEpochSecond());
    writeVarint(at.getNano());
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
