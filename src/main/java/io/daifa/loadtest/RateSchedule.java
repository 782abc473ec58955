package io.daifa.loadtest;

import java.time.Duration;

/**
 * The offered load: a linear ramp from 0 to the peak rate, then the peak held. A peak of 0 means no
 * schedule: as fast as the in-flight limit allows.
 */
record RateSchedule(int peakPerSecond, Duration ramp, Duration hold) {

  boolean unlimited() {
    return peakPerSecond == 0;
  }

  Duration total() {
    return ramp.plus(hold);
  }

  /** Orders due in total by {@code elapsedNanos} after the start: the area under the rate. */
  long dueBy(long elapsedNanos) {
    double t = elapsedNanos / 1e9;
    double rampSeconds = ramp.toNanos() / 1e9;
    if (t < rampSeconds) {
      return (long) (peakPerSecond * t * t / (2 * rampSeconds));
    }
    return (long) (peakPerSecond * (rampSeconds / 2 + (t - rampSeconds)));
  }

  /**
   * Orders due more than a second before the schedule's end that were not sent by its end: 0 when
   * the router kept the rate (or there is no schedule), whatever the sender's last milliseconds.
   * Above 0, open-loop latency includes the wait of a backlog.
   */
  long behind(long sent) {
    long lastSecond = Math.max(0, total().toNanos() - 1_000_000_000L);
    return unlimited() ? 0 : Math.max(0, dueBy(lastSecond) - sent);
  }

  /**
   * When the order of this index (from 0) is due, in nanoseconds after the start: the first moment
   * {@link #dueBy} counts it. Latency in open loop is measured from here, not from when the order
   * went out, so a sender held back by the in-flight limit does not hide the wait (coordinated
   * omission).
   */
  long dueAtNanos(long index) {
    double count = index + 1;
    double rampSeconds = ramp.toNanos() / 1e9;
    double seconds =
        count <= peakPerSecond * rampSeconds / 2
            ? Math.sqrt(2 * rampSeconds * count / peakPerSecond)
            : rampSeconds / 2 + count / peakPerSecond;
    return (long) Math.ceil(seconds * 1e9);
  }

  /** The rate the schedule asks for at {@code elapsedNanos}. */
  double rateAt(long elapsedNanos) {
    double t = elapsedNanos / 1e9;
    double rampSeconds = ramp.toNanos() / 1e9;
    return t < rampSeconds ? peakPerSecond * t / rampSeconds : peakPerSecond;
  }
}
