package io.daifa.loadtest;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Everything a load test found, as written to {@code report.json} and drawn in {@code report.html}.
 * Latencies are milliseconds, from the first send of an order to its stored answer (a refused order
 * sent again keeps its first send time). {@code ceilingRate} is null without {@code --ceiling};
 * {@code streamHoldRate}, the rate of the NDJSON stream run first on the same router, only in
 * {@code kafka} mode.
 */
public record LoadSummary(
    String mode,
    String startedAt,
    String machine,
    Map<String, Object> options,
    long sent,
    long stored,
    long errors,
    long retries,
    long lost,
    long behindSchedule,
    double seconds,
    double holdRate,
    Map<String, Double> holdLatencyMs,
    Double ceilingRate,
    Double fractionOfCeiling,
    Double streamHoldRate,
    Double readLagAfterHoldSeconds,
    CostMeter.PerOrder costPerOrder,
    List<SecondSample> timeline,
    List<Bucket> latencyHistogram) {

  /** Orders whose latency was at most {@code upToMs} (and more than the previous bucket's). */
  public record Bucket(double upToMs, long count) {}

  /** Lost orders or unexpected errors fail the run. */
  public boolean failed() {
    return lost > 0 || errors > 0 || stored == 0;
  }

  static Map<String, Double> percentiles(Histogram h) {
    return Map.of(
        "p50", LatencyTimeline.millis(h, 50),
        "p90", LatencyTimeline.millis(h, 90),
        "p99", LatencyTimeline.millis(h, 99),
        "p999", LatencyTimeline.millis(h, 99.9),
        "max", h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0);
  }

  /** Buckets doubling from 0.5 ms, enough to show the shape of the distribution on a log axis. */
  static List<Bucket> buckets(Histogram h) {
    if (h.getTotalCount() == 0) {
      return List.of();
    }
    List<Bucket> buckets = new java.util.ArrayList<>();
    for (HistogramIterationValue v : h.logarithmicBucketValues(500, 2.0)) {
      buckets.add(
          new Bucket(v.getValueIteratedTo() / 1000.0, v.getCountAddedInThisIterationStep()));
    }
    return buckets;
  }
}
