package io.daifa.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./daifa loadtest} runs, from {@code --name value} arguments. Every option has a
 * default, so a bare {@code ./daifa loadtest} is a complete run.
 */
public record LoadOptions(
    Mode mode,
    String url,
    int shops,
    int suppliers,
    int agencies,
    int spusPerShop,
    double zipfExponent,
    double hotShare,
    List<int[]> linesDistribution,
    int peakRate,
    Duration ramp,
    Duration hold,
    int connections,
    int maxInFlight,
    boolean ceiling,
    long seed,
    Path reportDir) {

  /** Where orders enter. */
  public enum Mode {
    /** Straight into the ingest stage of a router in this JVM (no HTTP). */
    IN_PROCESS,
    /** One {@code POST /v1/orders} per order over keep-alive connections. */
    HTTP,
    /** {@code POST /v1/orders/stream}, one NDJSON stream per connection. */
    STREAM,
    /**
     * Published to the orders topic of a Kafka broker started for the run, answered on the results
     * topic; the same schedule runs over an NDJSON stream first, for the ratio of the two.
     */
    KAFKA
  }

  static final String USAGE =
      """
      usage: ./daifa loadtest [--option value]...
        --mode in-process|http|stream|kafka  where orders enter (in-process); kafka starts a
                                        broker too, and runs the schedule over an NDJSON
                                        stream first to report Kafka / stream
        --url URL[,URL...]              drive running routers (with DAIFA_ADMIN_KEY and
                                        DAIFA_INGEST_KEY set) instead of starting one; the
                                        connections are spread over the URLs
        --shops N (200) --suppliers N (50) --agencies N (20) --spus N (50 per shop)
        --zipf S (1.0)                  popularity skew of the shops
        --hot-share F (0)               share of all orders for one hot shop, 0..0.95
        --lines 1:60,2:25,5:15          lines per order : weight
        --rate N (20000)                peak orders/s; 0 sends as fast as in-flight allows
        --ramp 60s --hold 60s           the ramp to the peak (also the JVMs' warm-up: with
                                        10 s, the hold read about 40 % low on 2 cores), then
                                        the hold at it
        --connections N (8)             HTTP connections (http, stream)
        --max-in-flight N (8192)        orders sent and not answered yet, at most
        --ceiling                       also measure raw journal-shaped writes to the same
                                        Cassandra and report the router as a fraction of it
        --seed N (42) --report DIR (target/loadtest)
      """;

  public static LoadOptions parse(String[] args) {
    Map<String, String> given = new LinkedHashMap<>();
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected an --option, got " + arg);
      }
      String name = arg.substring(2);
      if (name.equals("ceiling")) {
        flags.add(name);
      } else if (i + 1 >= args.length) {
        throw new IllegalArgumentException("--" + name + " needs a value");
      } else {
        given.put(name, args[++i]);
      }
    }
    Options o = new Options(given);
    LoadOptions options =
        new LoadOptions(
            Mode.valueOf(o.text("mode", "in-process").toUpperCase().replace('-', '_')),
            o.text("url", ""),
            o.positive("shops", 200),
            o.positive("suppliers", 50),
            o.count("agencies", 20),
            o.positive("spus", 50),
            o.decimal("zipf", 1.0),
            o.decimal("hot-share", 0),
            lines(o.text("lines", "1:60,2:25,5:15")),
            o.count("rate", 20_000),
            o.duration("ramp", "60s"),
            o.duration("hold", "60s"),
            o.positive("connections", 8),
            o.positive("max-in-flight", 8192),
            flags.contains("ceiling"),
            Long.parseLong(o.text("seed", "42")),
            Path.of(o.text("report", "target/loadtest")));
    o.refuseUnknown();
    if (options.hotShare < 0 || options.hotShare > 0.95) {
      throw new IllegalArgumentException("--hot-share must be within 0..0.95");
    }
    return options;
  }

  /** {@code "1:60,2:25"} → pairs of (lines per order, weight). */
  private static List<int[]> lines(String spec) {
    List<int[]> pairs = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] kv = part.strip().split(":");
      int lines = Integer.parseInt(kv[0]);
      int weight = kv.length > 1 ? Integer.parseInt(kv[1]) : 1;
      if (lines < 1 || lines > 100 || weight < 1) {
        throw new IllegalArgumentException("--lines: each entry is lines(1..100):weight(>0)");
      }
      pairs.add(new int[] {lines, weight});
    }
    return List.copyOf(pairs);
  }

  /** Typed reads of the given options, remembering which were read. */
  private static final class Options {
    private final Map<String, String> given;
    private final List<String> read = new ArrayList<>();

    Options(Map<String, String> given) {
      this.given = given;
    }

    String text(String name, String fallback) {
      read.add(name);
      return given.getOrDefault(name, fallback);
    }

    int count(String name, int fallback) {
      int value = Integer.parseInt(text(name, Integer.toString(fallback)));
      if (value < 0) {
        throw new IllegalArgumentException("--" + name + " must not be negative");
      }
      return value;
    }

    int positive(String name, int fallback) {
      int value = count(name, fallback);
      if (value == 0) {
        throw new IllegalArgumentException("--" + name + " must be positive");
      }
      return value;
    }

    double decimal(String name, double fallback) {
      return Double.parseDouble(text(name, Double.toString(fallback)));
    }

    Duration duration(String name, String fallback) {
      String value = text(name, fallback).strip().toLowerCase();
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(value.replace("s", "")));
    }

    void refuseUnknown() {
      for (String name : given.keySet()) {
        if (!read.contains(name)) {
          throw new IllegalArgumentException("unknown option --" + name);
        }
      }
    }
  }
}
