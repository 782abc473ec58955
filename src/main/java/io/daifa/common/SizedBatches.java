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
    List<T> current = new ArrayList<>();
    long size = 0;
    for (T item : items) {
      long next = bytes.applyAsLong(item);
      if (!current.isEmpty() && size + next > maxBytes) {
        batches.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(item);
      size += next;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }
}
