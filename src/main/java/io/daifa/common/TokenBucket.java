package io.daifa.common;

/**
 * Tokens refilled at a steady rate up to a capacity, the bucket starting full. Times are {@code
 * System.nanoTime()} readings passed in, so that callers (and tests) choose the clock. Not
 * thread-safe: a caller sharing one between threads locks it.
 */
public final class TokenBucket {

  private final double capacity;
  private final double perNano;
  private double tokens;
  private long refilledAt;

  public TokenBucket(double capacity, double perSecond, long now) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** The tokens held at {@code now}. */
  public double tokens(long now) {
    tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
    refilledAt = now;
    return tokens;
  }

  /** Takes one token if there is one. */
  public boolean tryTake(long now) {
    if (tokens(now) < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Takes {@code n} tokens, at most those held: the caller asked {@link #tokens} first. */
  public void take(double n, long now) {
    tokens = tokens(now) - n;
  }

  /** Gives one token back, never above the capacity. */
  public void giveBack() {
    tokens = Math.min(capacity, tokens + 1);
  }

  /** How long until one token is held. */
  public long nanosUntilOne(long now) {
    double missing = 1 - tokens(now);
    return missing <= 0 ? 0 : (long) Math.ceil(missing / perNano);
  }

  public boolean isFull(long now) {
    return tokens(now) >= capacity;
  }
}
