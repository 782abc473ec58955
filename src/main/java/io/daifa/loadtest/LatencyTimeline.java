package io.daifa.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of stored orders, recorded from any thread into an HdrHistogram {@link Recorder}, cut
 * into one-second samples by {@link #cut}, and summed over the whole run and over the hold.
 */
final class LatencyTimeline {

  /** Up to 10 minutes, to 3 significant digits. */
  private static final long HIGHEST_MICROS = 600_000_000L;

  private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
  private final Histogram whole = new Histogram(HIGHEST_MICROS, 3);
  private final Histogram hold = new Histogram(HIGHEST_MICROS, 3);
  private final LongAdder errors = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final List<SecondSample> samples = new ArrayList<>();
  private Histogram interval;
  private long holdStored;
  private double holdSeconds;

  void stored(long latencyNanos) {
    recorder.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, latencyNanos / 1_000)));
  }

  void error() {
    errors.increment();
  }

  void retry() {
    retries.increment();
  }

  /** Closes the current second; called once a second by one thread. */
  synchronized SecondSample cut(
      int second,
      String phase,
      double targetRate,
      double seconds,
      double readLagSeconds,
      long consumerLag) {
    interval = recorder.getIntervalHistogram(interval);
    whole.add(interval);
    if (phase.equals("hold")) {
      hold.add(interval);
      holdStored += interval.getTotalCount();
      holdSeconds += seconds;
    }
    SecondSample sample =
        new SecondSample(
            second,
            phase,
            targetRate,
            interval.getTotalCount(),
            errors.sumThenReset(),
            retries.sumThenReset(),
            millis(interval, 50),
            millis(interval, 99),
            interval.getTotalCount() == 0 ? 0 : interval.getMaxValue() / 1000.0,
            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
            readLagSeconds,
            consumerLag);
    samples.add(sample);
    return sample;
  }

  synchronized List<SecondSample> samples() {
    return List.copyOf(samples);
  }

  /** Stored orders per second over the hold (over the whole run when there was no hold). */
  synchronized double holdRate() {
    if (holdSeconds > 0) {
      return holdStored / holdSeconds;
    }
    double seconds = samples.size();
    return seconds == 0 ? 0 : whole.getTotalCount() / seconds;
  }

  synchronized Histogram holdHistogram() {
    return hold.getTotalCount() > 0 ? hold.copy() : whole.copy();
  }

  synchronized Histogram wholeHistogram() {
    return whole.copy();
  }

  static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
