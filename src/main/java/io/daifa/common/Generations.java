package io.daifa.common;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What an entity remembers for at least a window of event time, in two generations changed in
 * place: the current one and the one before, each spanning one window. When the current generation
 * is a window old it becomes the previous one and the oldest is forgotten, so an entry lives
 * between one and two windows; a gap of two windows or more forgets both. Time is the event time
 * passed in, so that replaying the journal rebuilds the same generations. ({@link DedupWindow} is
 * the persistent-map form of the same rule, for small windows.)
 *
 * @param <G> one generation's store (a primitive table, say)
 */
public final class Generations<G> {

  private final long windowMillis;
  private final Supplier<G> fresh;
  private long startMillis;
  private G current;
  private G previous;

  /** Generations as a snapshot left them; {@code fresh} makes an empty one. */
  public Generations(
      long windowMillis, long startMillis, G current, G previous, Supplier<G> fresh) {
    this.windowMillis = windowMillis;
    this.startMillis = startMillis;
    this.current = current;
    this.previous = previous;
    this.fresh = fresh;
  }

  /** Empty generations of {@code windowMillis} each. */
  public static <G> Generations<G> empty(long windowMillis, Supplier<G> fresh) {
    return new Generations<>(windowMillis, 0, fresh.get(), fresh.get(), fresh);
  }

  /** The generation to add to at {@code nowMillis} (event time), after rotating if one is due. */
  public G at(long nowMillis) {
    if (nowMillis - startMillis >= windowMillis) {
      previous = nowMillis - startMillis < 2 * windowMillis ? current : fresh.get();
      current = fresh.get();
      startMillis = nowMillis;
    }
    return current;
  }

  public G current() {
    return current;
  }

  public G previous() {
    return previous;
  }

  public long windowMillis() {
    return windowMillis;
  }

  /** When the current generation began (event time). */
  public long startMillis() {
    return startMillis;
  }

  /**
   * A copy, each generation copied by {@code copy}, that later changes to this one do not touch.
   */
  public Generations<G> copy(UnaryOperator<G> copy) {
    return new Generations<>(
        windowMillis, startMillis, copy.apply(current), copy.apply(previous), fresh);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Generations<?> other
        && windowMillis == other.windowMillis
        && startMillis == other.startMillis
        && current.equals(other.current)
        && previous.equals(other.previous);
  }

  @Override
  public int hashCode() {
    return Objects.hash(windowMillis, startMillis, current, previous);
  }
}
