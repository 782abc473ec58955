package io.daifa.loadtest;

import com.datastax.oss.driver.api.core.CqlSession;
import io.daifa.readside.OrderProjection;
import io.daifa.store.OrderBuckets;
import io.daifa.store.Storage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * What a run against a router of our own measures besides orders and latency: the cost of each
 * order stored during the hold (requests, bytes, CPU, mutations per table), and the read side's lag
 * each second and 10 s after the hold.
 */
final class RunMeasurements implements LoadRun.Observer, AutoCloseable {

  /** The journal plugin's session (journal, snapshots, queries) and the projections' session. */
  private static final List<String> ROUTER_SESSIONS =
      List.of("pekko.persistence.cassandra", OrderProjection.SESSION_CONFIG);

  private final CostMeter meter;
  private final CqlSession probeSession;
  private final ReadSideLag lag;
  private volatile CostMeter.Reading holdStart;
  private volatile CostMeter.Reading holdEnd;
  private volatile long storedAtHoldStart;
  private volatile long storedAtHoldEnd;
  private volatile long holdEndMillis;
  private volatile long newestStoredMillis;

  /** {@code brokerPid}: the run's own Kafka broker, whose CPU is counted too; empty for none. */
  RunMeasurements(
      ActorSystem<?> system,
      Storage storage,
      java.util.OptionalLong brokerPid,
      String localDatacenter,
      String keyspace)
      throws Exception {
    CassandraSessionRegistry registry = CassandraSessionRegistry.get(system);
    List<CqlSession> sessions = new java.util.ArrayList<>();
    for (String path : ROUTER_SESSIONS) {
      sessions.add(
          registry.sessionFor(path).underlying().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }
    this.probeSession = storage.session(localDatacenter);
    this.meter = new CostMeter(sessions, storage.embeddedPid(), brokerPid, probeSession);
    this.lag =
        new ReadSideLag(
            probeSession,
            keyspace,
            OrderBuckets.fromConfig(system.settings().config().getConfig("daifa")));
  }

  @Override
  public void entered(String phase, long storedSoFar) {
    if (phase.equals("hold")) {
      holdStart = meter.read();
      storedAtHoldStart = storedSoFar;
    } else if (phase.equals("drain") && holdEnd == null) {
      holdEnd = meter.read();
      storedAtHoldEnd = storedSoFar;
      holdEndMillis = System.currentTimeMillis();
    }
  }

  @Override
  public void stored(String orderId, long atMillis) {
    lag.stored(orderId, atMillis);
  }

  @Override
  public Duration readLag(long newestStoredMillis) {
    this.newestStoredMillis = newestStoredMillis;
    return lag.behind(newestStoredMillis);
  }

  /** The cost of each order stored during the hold; null if the run had no hold. */
  CostMeter.PerOrder costPerOrder() {
    return holdStart == null || holdEnd == null
        ? null
        : meter.between(holdStart, holdEnd, storedAtHoldEnd - storedAtHoldStart);
  }

  /** Waits until {@code after} past the end of the hold, then reads the lag in seconds. */
  Double lagAfterHold(Duration after) throws InterruptedException {
    if (holdEndMillis == 0 || newestStoredMillis == 0) {
      return null;
    }
    long wait = holdEndMillis + after.toMillis() - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    return lag.behind(newestStoredMillis).toMillis() / 1000.0;
  }

  @Override
  public void close() {
    probeSession.close();
  }
}
