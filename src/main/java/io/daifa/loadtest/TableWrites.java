package io.daifa.loadtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutations Cassandra applied to each table of the router (its own count, {@code
 * system_views.local_write_latency}), read at two moments: what each stored order costs, table by
 * table — the journal, the tag views and their progress, snapshots, the read side's tables.
 */
final class TableWrites {

  private static final SimpleStatement COUNTS =
      SimpleStatement.newInstance(
              "SELECT keyspace_name, table_name, count FROM system_views.local_write_latency")
          .setTimeout(Duration.ofSeconds(5));

  private final CqlSession session;

  TableWrites(CqlSession session) {
    this.session = session;
  }

  /** Mutations so far per {@code keyspace.table}, Cassandra's own keyspaces left out. */
  Map<String, Long> read() {
    Map<String, Long> counts = new TreeMap<>();
    try {
      for (Row row : session.execute(COUNTS)) {
        String keyspace = row.getString("keyspace_name");
        if (!keyspace.startsWith("system")) {
          counts.put(keyspace + "." + row.getString("table_name"), row.getLong("count"));
        }
      }
    } catch (RuntimeException e) {
      // A node without the virtual table (before Cassandra 4): the report leaves the rows out.
    }
    return counts;
  }

  /** Mutations per order between two readings, tables without any left out, most first. */
  static Map<String, Double> perOrder(Map<String, Long> from, Map<String, Long> to, long orders) {
    double n = Math.max(1, orders);
    Map<String, Double> per = new LinkedHashMap<>();
    to.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), (e.getValue() - from.getOrDefault(e.getKey(), 0L)) / n))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .forEachOrdered(e -> per.put(e.getKey(), e.getValue()));
    return per;
  }
}
