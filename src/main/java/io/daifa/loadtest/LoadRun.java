package io.daifa.loadtest;

import io.daifa.order.Order;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one load test: sends orders on the schedule from one thread, never more than the in-flight
 * limit unanswered, sends a refused order again after a pause (as a real client would on 503),
 * prints a progress line each second, and at the end waits for every order sent. An order still
 * unanswered then is lost.
 */
final class LoadRun {

  /** How long to wait before sending a refused order again. */
  private static final long RETRY_PAUSE_MS = 50;

  /** How long the end of the run waits for the orders still in flight. */
  private static final Duration DRAIN = Duration.ofSeconds(60);

  /** Errors printed in full; the rest are only counted. */
  private static final int ERRORS_SHOWN = 5;

  /** {@code behindSchedule}: see {@link RateSchedule#behind}. */
  record Totals(
      long sent,
      long stored,
      long errors,
      long retries,
      long lost,
      long behindSchedule,
      double seconds) {}

  /** What the run reports to whoever measures around it; both calls come from its timer. */
  interface Observer {
    Observer NONE = new Observer() {};

    /**
     * The run entered {@code phase}: "hold" (from its timer), then "drain" (when it stops sending),
     * with so many orders stored.
     */
    default void entered(String phase, long storedSoFar) {}

    /** Order {@code orderId} was stored at {@code atMillis} (called for every stored order). */
    default void stored(String orderId, long atMillis) {}

    /** The read side's lag behind the newest stored order, or null when it is not known. */
    default Duration readLag(long newestStoredMillis) {
      return null;
    }

    /** Kafka records the router has not read yet, or -1 when orders do not come from Kafka. */
    default long consumerLag() {
      return -1;
    }
  }

  private final OrderSink sink;
  private final OrderGenerator orders;
  private final RateSchedule schedule;
  private final int maxInFlight;
  private final LatencyTimeline timeline;
  private final PrintStream out;
  private final Semaphore inFlight;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong newestStoredMillis = new AtomicLong();
  private final Observer observer;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "loadtest-timers");
            thread.setDaemon(true);
            return thread;
          });

  LoadRun(
      OrderSink sink,
      OrderGenerator orders,
      RateSchedule schedule,
      int maxInFlight,
      LatencyTimeline timeline,
      Observer observer,
      PrintStream out) {
    this.sink = sink;
    this.observer = observer;
    this.orders = orders;
    this.schedule = schedule;
    this.maxInFlight = maxInFlight;
    this.timeline = timeline;
    this.out = out;
    this.inFlight = new Semaphore(maxInFlight);
  }

  Totals run() throws InterruptedException {
    long start = System.nanoTime();
    long rampNanos = schedule.ramp().toNanos();
    long end = start + schedule.total().toNanos();
    int[] second = {0};
    long[] lastCut = {start};
    String[] lastPhase = {"ramp"};
    timers.scheduleAtFixedRate(
        () -> {
          long now = System.nanoTime();
          long elapsed = now - start;
          // A second ending just after the schedule ends still counts as hold.
          String phase = now > end + 500_000_000L ? "drain" : elapsed > rampNanos ? "hold" : "ramp";
          double target =
              schedule.unlimited() || phase.equals("drain") ? 0 : schedule.rateAt(elapsed);
          if (phase.equals("hold") && !phase.equals(lastPhase[0])) {
            observer.entered(phase, stored.get());
          }
          lastPhase[0] = phase;
          SecondSample sample =
              timeline.cut(
                  ++second[0],
                  phase,
                  target,
                  (now - lastCut[0]) / 1e9,
                  readLagSeconds(),
                  observer.consumerLag());
          lastCut[0] = now;
          progress(sample);
        },
        1,
        1,
        TimeUnit.SECONDS);
    long sent = 0;
    while (System.nanoTime() < end) {
      long due = schedule.unlimited() ? Long.MAX_VALUE : schedule.dueBy(System.nanoTime() - start);
      while (sent < due && inFlight.tryAcquire(1, TimeUnit.MILLISECONDS)) {
        // In open loop an order's latency starts when it was due, whenever it could go out.
        long from = schedule.unlimited() ? System.nanoTime() : start + schedule.dueAtNanos(sent);
        send(orders.next(), from);
        sent++;
        if (System.nanoTime() >= end) {
          break;
        }
      }
      LockSupport.parkNanos(200_000);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    observer.entered("drain", stored.get());
    out.printf("[loadtest] sent %,d orders; waiting for the last answers%n", sent);
    boolean drained = inFlight.tryAcquire(maxInFlight, DRAIN.toSeconds(), TimeUnit.SECONDS);
    long lost = drained ? 0 : maxInFlight - inFlight.availablePermits();
    timers.shutdownNow();
    timers.awaitTermination(5, TimeUnit.SECONDS);
    // The answers since the last whole second belong in the report too.
    timeline.cut(
        second[0] + 1,
        "drain",
        0,
        (System.nanoTime() - lastCut[0]) / 1e9,
        readLagSeconds(),
        observer.consumerLag());
    return new Totals(
        sent, stored.get(), errors.get(), retries.get(), lost, schedule.behind(sent), seconds);
  }

  private void send(Order order, long firstSent) {
    sink.send(order)
        .thenAccept(
            result -> {
              switch (result.kind()) {
                case STORED -> {
                  timeline.stored(System.nanoTime() - firstSent);
                  stored.incrementAndGet();
                  long now = System.currentTimeMillis();
                  newestStoredMillis.accumulateAndGet(now, Math::max);
                  observer.stored(order.orderId(), now);
                  inFlight.release();
                }
                case RETRY -> {
                  retries.incrementAndGet();
                  timeline.retry();
                  timers.schedule(
                      () -> send(order, firstSent), RETRY_PAUSE_MS, TimeUnit.MILLISECONDS);
                }
                case ERROR -> {
                  timeline.error();
                  if (errors.incrementAndGet() <= ERRORS_SHOWN) {
                    out.println(
                        "[loadtest] order " + order.orderId() + " failed: " + result.detail());
                  }
                  inFlight.release();
                }
              }
            });
  }

  /** The read side's lag in seconds, or -1 while unknown (no order stored, no probe). */
  double readLagSeconds() {
    if (newestStoredMillis.get() == 0) {
      return -1;
    }
    try {
      Duration lag = observer.readLag(newestStoredMillis.get());
      return lag == null ? -1 : lag.toMillis() / 1000.0;
    } catch (RuntimeException e) {
      return -1; // a slow probe must not stop the progress line
    }
  }

  private void progress(SecondSample s) {
    out.printf(
        "[loadtest] %4ds %-5s %,8d stored/s  p50 %7.1f ms  p99 %7.1f ms  in flight %,6d"
            + "  retries %,d  errors %,d  heap %,d MiB%s%n",
        s.second(),
        s.phase(),
        s.stored(),
        s.p50Ms(),
        s.p99Ms(),
        maxInFlight - inFlight.availablePermits(),
        s.retries(),
        s.errors(),
        s.heapUsedMb(),
        (s.readLagSeconds() < 0 ? "" : "  read lag %.1f s".formatted(s.readLagSeconds()))
            + (s.consumerLag() < 0 ? "" : "  consumer lag %,d".formatted(s.consumerLag())));
  }
}
