package io.daifa.faults;

import java.util.Map;
import java.util.TreeMap;

/**
 * The router's own latency histogram of accepted single orders ({@code POST /v1/orders} answered
 * 202), read off {@code /metrics}. Taken before and after a phase, it gives the phase's latency as
 * the router measured it, without the time the suite's own client threads waited for a core.
 */
final class ServerHistogram {

  private static final String SERIES = "daifa_http_server_requests_seconds_bucket{";

  /** Cumulative count per bucket bound (seconds; +Inf as infinity). Empty if none answered. */
  private final TreeMap<Double, Double> buckets;

  private ServerHistogram(TreeMap<Double, Double> buckets) {
    this.buckets = buckets;
  }

  static ServerHistogram read(FaultClient client) {
    FaultClient.Answer metrics = client.get("/metrics", null);
    TreeMap<Double, Double> buckets = new TreeMap<>();
    if (metrics.status() == 200) {
      for (String line : metrics.body().split("\n")) {
        if (line.startsWith(SERIES)
            && line.contains("method=\"POST\"")
            && line.contains("route=\"/v1/orders\"")
            && line.contains("status=\"202\"")) {
          int le = line.indexOf("le=\"") + 4;
          String bound = line.substring(le, line.indexOf('"', le));
          double upper =
              bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
          buckets.merge(
              upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
        }
      }
    }
    return new ServerHistogram(buckets);
  }

  /**
   * The {@code q}-quantile, in ms, of the requests answered between {@code earlier} and this
   * reading: the upper bound of the first bucket holding it (so at most one bucket too high); 0 if
   * none.
   */
  double quantileSince(ServerHistogram earlier, double q) {
    double total = countSince(earlier, Double.POSITIVE_INFINITY);
    if (total <= 0) {
      return 0;
    }
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      if (countSince(earlier, bucket.getKey()) >= q * total) {
        return bucket.getKey() * 1000;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  private double countSince(ServerHistogram earlier, double bound) {
    return buckets.getOrDefault(bound, 0.0) - earlier.buckets.getOrDefault(bound, 0.0);
  }
}
