package io.daifa.faults;

import java.util.List;

/** The fault table, as Markdown: readable in a terminal and pasted as is into the README. */
final class FaultTable {

  private FaultTable() {}

  static String render(List<FaultRow> rows) {
    StringBuilder t = new StringBuilder();
    t.append(
            "| scenario | sent | acked | found | lost | dup | 5xx | 503 | 429 | recovery | notes |")
        .append(" verdict |\n");
    t.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
    for (FaultRow r : rows) {
      t.append(
          "| %s | %,d | %,d | %s | %,d | %,d | %,d | %,d | %,d | %s | %s | %s |%n"
              .formatted(
                  r.scenario(),
                  r.sent(),
                  r.acknowledged(),
                  r.found(),
                  r.lost(),
                  r.duplicated(),
                  r.serverErrors(),
                  r.unavailable(),
                  r.limited(),
                  r.recovery(),
                  r.notes(),
                  r.passed() ? "pass" : "FAIL: " + String.join("; ", r.failures())));
    }
    return t.toString();
  }
}
