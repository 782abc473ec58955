package io.daifa.readside;

/**
 * What the order projection reports for metrics after each group: the slice, and how old the
 * group's newest event was once its rows were written (the read side's delay behind the writes).
 */
@FunctionalInterface
public interface ReadSideObserver {

  ReadSideObserver NONE = (slice, delayMillis) -> {};

  void groupProjected(int slice, long delayMillis);
}
