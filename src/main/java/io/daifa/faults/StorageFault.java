package io.daifa.faults;

import io.daifa.loadtest.Scenario;
import io.daifa.order.Order;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Cassandra paused (SIGSTOP/SIGCONT, as in a long GC pause or a stalled disk) for each configured
 * length, then killed with kill -9 and started again, each under a steady load of single orders:
 * answers are receipts or quick 503s with Retry-After, {@code /ready} turns 503 within 2 s, a read
 * answers 503 (not 500), orders are taken again within 10 s of storage returning, and every order
 * refused meanwhile is stored exactly once when sent again.
 */
final class StorageFault implements Fault {

  private static final int RATE = 200;
  private static final Duration WARM = Duration.ofSeconds(3);
  private static final Duration READY_TURNS_WITHIN = Duration.ofSeconds(2);
  private static final Duration BACK_WITHIN = Duration.ofSeconds(10);
  private static final double QUICK_REFUSAL_SECONDS = 3;

  /**
   * What the router may log while storage is away: a few warnings a second are expected, a storm of
   * them (a retry without pause) fills the disk and slows the answers.
   */
  private static final long MAX_LOGGED_BYTES = 20L << 20;

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public List<FaultRow> run(FaultContext ctx) throws Exception {
    List<FaultRow> rows = new ArrayList<>();
    for (Duration pause : ctx.options.pauses()) {
      rows.add(phase(ctx, "Cassandra paused " + pause.toSeconds() + " s", pause, false));
    }
    rows.add(phase(ctx, "Cassandra kill -9, restart", null, true));
    return rows;
  }

  private FaultRow phase(FaultContext ctx, String name, Duration pause, boolean kill)
      throws Exception {
    ctx.say(name + " under " + RATE + " orders/s");
    Scenario scenario = ctx.accounts(10, 3, 2);
    long seconds = (pause == null ? 60 : pause.toSeconds()) + 90;
    Iterator<Order> orders =
        ctx.orders(scenario, name.replaceAll("\\W", ""), (int) (RATE * seconds)).iterator();
    Ledger ledger = new Ledger();
    List<String> failures = new ArrayList<>();
    Duration readyTurned;
    FaultClient.Answer read;
    Duration back;
    long logBefore;
    try (SteadyLoad load = new SteadyLoad(ctx.client, orders::next, RATE, ledger)) {
      Thread.sleep(WARM.toMillis());
      String known = ledger.receipts().keySet().iterator().next();
      logBefore = Files.size(ctx.router.lastLog());
      long faultAt = System.nanoTime();
      if (kill) {
        ctx.cassandra.kill();
      } else {
        ctx.cassandra.pause();
      }
      long storageBackAt;
      try {
        readyTurned = untilNotReady(ctx.client);
        read = ctx.client.get("/v1/orders/" + known, RouterProcess.INGEST_KEY);
        if (kill) {
          ctx.cassandra.start(); // the same data and ports; the commit log is replayed
        } else {
          Thread.sleep(Math.max(0, pause.toMillis() - (System.nanoTime() - faultAt) / 1_000_000));
        }
      } finally {
        if (!kill) {
          ctx.cassandra.resume();
        }
        storageBackAt = System.nanoTime();
      }
      back = FaultContext.untilAccepted(ledger, storageBackAt, Duration.ofSeconds(90));
      Thread.sleep(WARM.toMillis());
    }
    long logged = Files.size(ctx.router.lastLog()) - logBefore;
    if (logged > MAX_LOGGED_BYTES) {
      failures.add("the router logged %,d MB while storage was away".formatted(logged >> 20));
    }
    if (readyTurned == null || readyTurned.compareTo(READY_TURNS_WITHIN) > 0) {
      failures.add("/ready still 200 after " + FaultContext.seconds(readyTurned));
    }
    if (read.status() != 503 || !read.retryAfter()) {
      failures.add(
          "a read answered " + read.status() + (read.retryAfter() ? "" : " without Retry-After"));
    }
    if (back == null || back.compareTo(BACK_WITHIN) > 0) {
      failures.add("orders taken again only after " + FaultContext.seconds(back));
    }
    if (ledger.slowestRefusalSeconds() > QUICK_REFUSAL_SECONDS) {
      failures.add("a refusal took %.1f s".formatted(ledger.slowestRefusalSeconds()));
    }
    if (ledger.withoutRetryAfter.sum() > 0) {
      failures.add(ledger.withoutRetryAfter.sum() + " refusals without Retry-After");
    }
    if (!ctx.settle(ledger, Duration.ofMinutes(2))) {
      failures.add("orders still unanswered");
    }
    Audit.Result audit = ctx.audit.of(scenario, 50_000, ledger);
    Audit.check(ledger, audit, failures);
    return FaultRow.of(
        name,
        ledger,
        audit,
        FaultContext.seconds(back) + " after storage returned",
        "/ready 503 after %s; read answered %d; slowest refusal %.1f s; router log +%,d KiB"
            .formatted(
                FaultContext.seconds(readyTurned),
                read.status(),
                ledger.slowestRefusalSeconds(),
                logged >> 10),
        failures);
  }

  private static Duration untilNotReady(FaultClient client) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (client.get("/ready", null).status() != 200) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(50);
    }
    return null;
  }
}
