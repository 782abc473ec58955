package io.daifa.loadtest;

import io.daifa.http.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A load test's summary three ways: a table on the console, {@code report.json}, and {@code
 * report.html} — one self-contained file (inline SVG, no script, no CDN) with throughput and
 * latency over time and the latency histogram.
 */
final class LoadReport {

  private static final int WIDTH = 860;
  private static final int HEIGHT = 220;
  private static final int PAD = 48;

  private LoadReport() {}

  static void printTable(LoadSummary s, PrintStream out) {
    String line = "+--------------------------------+------------------------+";
    out.println(line);
    row(out, "mode", s.mode());
    for (String[] row : summaryRows(s)) {
      row(out, row[0], row[1]);
    }
    out.println(line);
  }

  /** The summary's rows, name and value, for both the printed table and the HTML report. */
  static List<String[]> summaryRows(LoadSummary s) {
    List<String[]> rows = new ArrayList<>();
    rows.add(pair("orders sent / stored", "%,d / %,d".formatted(s.sent(), s.stored())));
    rows.add(pair("lost / unexpected errors", "%,d / %,d".formatted(s.lost(), s.errors())));
    rows.add(pair("refused and sent again", "%,d".formatted(s.retries())));
    if (s.behindSchedule() > 0) {
      rows.add(pair("due 1 s before the end, unsent", "%,d".formatted(s.behindSchedule())));
    }
    rows.add(pair("stored orders/s over the hold", "%,.0f".formatted(s.holdRate())));
    for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
      rows.add(pair("latency " + p + " (hold)", "%,.1f ms".formatted(s.holdLatencyMs().get(p))));
    }
    if (s.ceilingRate() != null) {
      rows.add(pair("storage ceiling orders/s", "%,.0f".formatted(s.ceilingRate())));
      rows.add(pair("router / ceiling", "%.2f".formatted(s.fractionOfCeiling())));
    }
    if (s.streamHoldRate() != null) {
      rows.add(pair("NDJSON stream orders/s, same run", "%,.0f".formatted(s.streamHoldRate())));
      rows.add(pair("Kafka / stream", "%.2f".formatted(s.holdRate() / s.streamHoldRate())));
    }
    if (s.readLagAfterHoldSeconds() != null) {
      rows.add(
          pair("read lag 10 s after the hold", "%.1f s".formatted(s.readLagAfterHoldSeconds())));
    }
    if (s.costPerOrder() != null) {
      CostMeter.PerOrder c = s.costPerOrder();
      rows.add(pair("Cassandra requests per order", "%.3f".formatted(c.requests())));
      rows.add(pair("bytes sent per order", "%,.0f".formatted(c.bytesSent())));
      rows.add(pair("router CPU per order", "%.1f µs".formatted(c.routerCpuMicros())));
      rows.add(pair("router CPU per order, JIT", "%.1f µs".formatted(c.routerJitMicros())));
      rows.add(pair("Cassandra CPU per order", "%.1f µs".formatted(c.cassandraCpuMicros())));
      rows.add(pair("Cassandra CPU per order, JIT", "%.1f µs".formatted(c.cassandraJitMicros())));
      if (c.brokerCpuMicros() != null) {
        rows.add(pair("Kafka broker CPU per order", "%.1f µs".formatted(c.brokerCpuMicros())));
      }
      c.mutations()
          .forEach((table, n) -> rows.add(pair("mutations/order " + table, "%.3f".formatted(n))));
    }
    rows.add(pair("result", s.failed() ? "FAILED" : "ok"));
    return rows;
  }

  private static String[] pair(String name, String value) {
    return new String[] {name, value};
  }

  private static void row(PrintStream out, String name, String value) {
    out.printf("| %-30s | %22s |%n", name, value);
  }

  static void write(LoadSummary s, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("report.json"),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(s));
    Files.writeString(dir.resolve("report.html"), html(s));
  }

  static String html(LoadSummary s) {
    List<SecondSample> t = s.timeline();
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Daifa load test</title>");
    h.append("<style>body{font:14px sans-serif;margin:24px;max-width:920px}")
        .append("table{border-collapse:collapse}td{border:1px solid #ccc;padding:3px 10px}")
        .append("td:last-child{text-align:right}svg{background:#fafafa;margin:8px 0}")
        .append(".legend span{margin-right:16px}</style></head><body>");
    h.append("<h1>Daifa load test: ").append(escape(s.mode())).append("</h1>");
    h.append("<p>").append(escape(s.startedAt())).append(" on ").append(escape(s.machine()));
    h.append("<br>options: <code>").append(escape(s.options().toString())).append("</code></p>");
    h.append("<table>");
    for (String[] row : summaryRows(s)) {
      cell(h, row[0], row[1]);
    }
    h.append("</table>");
    h.append("<h2>Throughput</h2>");
    h.append(legend("#1f77b4", "stored orders/s", "#aaa", "target rate"));
    h.append(
        lineChart(t, List.of(SecondSample::stored, SecondSample::targetRate), "#1f77b4", "#aaa"));
    h.append("<h2>Latency</h2>");
    h.append(legend("#2ca02c", "p50 ms", "#d62728", "p99 ms"));
    h.append(lineChart(t, List.of(SecondSample::p50Ms, SecondSample::p99Ms), "#2ca02c", "#d62728"));
    h.append("<h2>Heap in use (MiB)</h2>");
    h.append(legend("#ff7f0e", "heap MiB", "#fafafa", ""));
    h.append(lineChart(t, List.of(SecondSample::heapUsedMb), "#ff7f0e"));
    if (t.stream().anyMatch(sample -> sample.readLagSeconds() >= 0)) {
      h.append("<h2>Read-side lag (s)</h2>");
      h.append(legend("#9467bd", "newest stored order − newest projected event", "#fafafa", ""));
      h.append(lineChart(t, List.of(sample -> Math.max(0, sample.readLagSeconds())), "#9467bd"));
    }
    if (t.stream().anyMatch(sample -> sample.consumerLag() >= 0)) {
      h.append("<h2>Kafka consumer lag (records)</h2>");
      h.append(legend("#8c564b", "orders published, not yet read by the router", "#fafafa", ""));
      h.append(lineChart(t, List.of(sample -> Math.max(0, sample.consumerLag())), "#8c564b"));
    }
    h.append("<h2>Latency histogram (whole run)</h2>");
    h.append(histogram(s.latencyHistogram()));
    return h.append("</body></html>\n").toString();
  }

  private static void cell(StringBuilder h, String name, String value) {
    h.append("<tr><td>").append(escape(name)).append("</td><td>").append(escape(value));
    h.append("</td></tr>");
  }

  private static String legend(String c1, String n1, String c2, String n2) {
    return "<div class=\"legend\"><span style=\"color:%s\">&#9632; %s</span><span style=\"color:%s\">&#9632; %s</span></div>"
        .formatted(c1, n1, c2, n2);
  }

  private static String lineChart(
      List<SecondSample> samples, List<ToDoubleFunction<SecondSample>> series, String... colors) {
    double max = 1;
    for (SecondSample s : samples) {
      for (ToDoubleFunction<SecondSample> f : series) {
        max = Math.max(max, f.applyAsDouble(s));
      }
    }
    int n = Math.max(2, samples.size());
    StringBuilder svg = svgStart();
    axes(svg, max, "s", n);
    for (int k = 0; k < series.size(); k++) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < samples.size(); i++) {
        double x = PAD + (double) i / (n - 1) * (WIDTH - 2 * PAD);
        double y =
            HEIGHT - PAD + -series.get(k).applyAsDouble(samples.get(i)) / max * (HEIGHT - 2 * PAD);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(colors[k])
          .append("\" points=\"")
          .append(points)
          .append("\"/>");
    }
    return svg.append("</svg>").toString();
  }

  private static String histogram(List<LoadSummary.Bucket> buckets) {
    if (buckets.isEmpty()) {
      return "<p>no stored orders</p>";
    }
    long max = buckets.stream().mapToLong(LoadSummary.Bucket::count).max().orElse(1);
    StringBuilder svg = svgStart();
    axes(svg, max, "", 0);
    double slot = (WIDTH - 2.0 * PAD) / buckets.size();
    for (int i = 0; i < buckets.size(); i++) {
      LoadSummary.Bucket b = buckets.get(i);
      double height = (double) b.count() / Math.max(1, max) * (HEIGHT - 2 * PAD);
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#9467bd\">"
                  + "<title>&le; %.1f ms: %d</title></rect>",
              PAD + i * slot + 1,
              HEIGHT - PAD - height,
              Math.max(1, slot - 2),
              height,
              b.upToMs(),
              b.count()));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s</text>",
              PAD + (i + 0.5) * slot,
              HEIGHT - PAD + 14,
              b.upToMs() >= 10 ? "%.0f".formatted(b.upToMs()) : "%.1f".formatted(b.upToMs())));
    }
    svg.append(
        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">latency, ms (bucket upper bound)</text>"
            .formatted(WIDTH / 2, HEIGHT - 8));
    return svg.append("</svg>").toString();
  }

  private static StringBuilder svgStart() {
    return new StringBuilder(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">"
            .formatted(WIDTH, HEIGHT));
  }

  /** The two axes, the top value, and (for time charts) the last second. */
  private static void axes(StringBuilder svg, double max, String unit, int seconds) {
    svg.append(
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
            .formatted(PAD, HEIGHT - PAD, WIDTH - PAD, HEIGHT - PAD));
    svg.append(
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
            .formatted(PAD, PAD, PAD, HEIGHT - PAD));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%,.0f</text>",
            PAD - 4,
            PAD + 4,
            max));
    svg.append(
        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>"
            .formatted(PAD - 4, HEIGHT - PAD + 4));
    if (seconds > 0) {
      svg.append(
          "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d %s</text>"
              .formatted(WIDTH - PAD, HEIGHT - PAD + 16, seconds, unit));
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
