package io.daifa.loadtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metrics.DefaultSessionMetric;
import com.datastax.oss.driver.api.core.metrics.Metrics;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the router and its storage spend, read at two moments to give the cost of the orders stored
 * in between: Cassandra requests and bytes the router's driver sessions sent (the driver's own
 * metrics), CPU time of the router's JVM, CPU time of the embedded Cassandra process and of the
 * embedded Kafka broker (from {@code /proc/<pid>/stat}, when there is one), the part of the
 * router's and Cassandra's CPU time their JIT compilers took, and the mutations Cassandra applied
 * per table.
 */
final class CostMeter {

  record Reading(
      long requests,
      long bytesSent,
      long routerCpuNanos,
      long cassandraCpuNanos,
      long brokerCpuNanos,
      long routerJitNanos,
      long cassandraJitNanos,
      Map<String, Long> tableWrites) {}

  /**
   * Per stored order between two readings; {@code mutations} by table, most first; {@code
   * brokerCpuMicros} null without a Kafka broker of the run's own; the JIT figures are part of the
   * CPU figures before them.
   */
  record PerOrder(
      double requests,
      double bytesSent,
      double routerCpuMicros,
      double cassandraCpuMicros,
      Double brokerCpuMicros,
      double routerJitMicros,
      double cassandraJitMicros,
      Map<String, Double> mutations) {

    /** The part of the router's CPU its JIT compilers took, 0 to 1. */
    double routerJitShare() {
      return share(routerJitMicros, routerCpuMicros);
    }

    /** The part of Cassandra's CPU its JIT compilers took, 0 to 1. */
    double cassandraJitShare() {
      return share(cassandraJitMicros, cassandraCpuMicros);
    }

    private static double share(double part, double whole) {
      return whole <= 0 ? 0 : part / whole;
    }
  }

  private final List<CqlSession> sessions;
  private final OptionalLong cassandraPid;
  private final OptionalLong brokerPid;
  private final TableWrites tableWrites;

  /** {@code probe} reads Cassandra's table metrics, outside the sessions being counted. */
  CostMeter(
      List<CqlSession> sessions,
      OptionalLong cassandraPid,
      OptionalLong brokerPid,
      CqlSession probe) {
    this.sessions = sessions;
    this.cassandraPid = cassandraPid;
    this.brokerPid = brokerPid;
    this.tableWrites = new TableWrites(probe);
  }

  Reading read() {
    long requests = 0;
    long bytes = 0;
    for (CqlSession session : sessions) {
      Metrics metrics = session.getMetrics().orElse(null);
      if (metrics == null) {
        continue;
      }
      requests +=
          metrics
              .<com.codahale.metrics.Timer>getSessionMetric(DefaultSessionMetric.CQL_REQUESTS)
              .map(com.codahale.metrics.Timer::getCount)
              .orElse(0L);
      bytes +=
          metrics
              .<com.codahale.metrics.Meter>getSessionMetric(DefaultSessionMetric.BYTES_SENT)
              .map(com.codahale.metrics.Meter::getCount)
              .orElse(0L);
    }
    return new Reading(
        requests,
        bytes,
        routerCpuNanos(),
        cpuNanos(cassandraPid),
        cpuNanos(brokerPid),
        ProcCpu.LINUX.compilerNanos(ProcessHandle.current().pid()),
        cassandraPid.isEmpty() ? 0 : ProcCpu.LINUX.compilerNanos(cassandraPid.getAsLong()),
        tableWrites.read());
  }

  PerOrder between(Reading from, Reading to, long orders) {
    double n = Math.max(1, orders);
    return new PerOrder(
        (to.requests() - from.requests()) / n,
        (to.bytesSent() - from.bytesSent()) / n,
        (to.routerCpuNanos() - from.routerCpuNanos()) / n / 1_000.0,
        (to.cassandraCpuNanos() - from.cassandraCpuNanos()) / n / 1_000.0,
        brokerPid.isEmpty() ? null : (to.brokerCpuNanos() - from.brokerCpuNanos()) / n / 1_000.0,
        // A compiler thread that stopped in between took its time along (ProcCpu): never below 0.
        Math.max(0, to.routerJitNanos() - from.routerJitNanos()) / n / 1_000.0,
        Math.max(0, to.cassandraJitNanos() - from.cassandraJitNanos()) / n / 1_000.0,
        TableWrites.perOrder(from.tableWrites(), to.tableWrites(), orders));
  }

  private static long routerCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static long cpuNanos(OptionalLong pid) {
    return pid.isEmpty() ? 0 : ProcCpu.LINUX.processNanos(pid.getAsLong());
  }
}
