package io.daifa.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Splits what one message would carry into messages of at most a number of bytes, so that every
 * message between entities fits Artery's frame (256 KiB) when it crosses nodes. An item larger than
 * the limit on its own goes alone.
 */
public final class SizedBatches {

  /** What one message between entities carries at most: room to spare under 256 KiB. */
  public static final long MAX_MESSAGE_BYTES = 192 * 1024;

  private SizedBatches() {}

  public static <T> List<List<T>> split(List<T> items, ToLongFunction<T> bytes, long maxBytes) {
    List<List<T>> batches = new ArrayList<>();
    for (Part<T> part : parts(items, bytes, maxBytes)) {
      batches.add(part.items());
    }
    return batches;
  }

  /** Some items of a split, and their bytes as counted. */
  public record Part<T>(List<T> items, long bytes) {}

  /** {@link #split}, each batch with the bytes it was counted at. */
  public static <T> List<Part<T>> parts(List<T> items, ToLongFunction<T> bytes, long maxBytes) {
    List<Part<T>> parts = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long size = 0;
    for (T item : items) {
      long next = bytes.applyAsLong(item);
      if (!current.isEmpty() && size + next > maxBytes) {
        parts.add(new Part<>(current, size));
        current = new ArrayList<>();
        size = 0;
      }
      current.add(item);
      size += next;
    }
    if (!current.isEmpty()) {
      parts.add(new Part<>(current, size));
    }
    return parts;
  }
}
