package io.daifa.faults;

import io.daifa.loadtest.OrderJson;
import io.daifa.loadtest.Scenario;
import io.daifa.order.Order;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slow clients on {@code POST /v1/orders/stream}: a reader that stops reading its results for a
 * while (the router must slow down its reading of the body instead of buffering without bound), and
 * a writer that goes quiet in mid-stream (its orders so far are answered; in the full form the
 * quiet outlasts the server's idle timeout and the router closes the connection). Nothing
 * acknowledged may be lost, and the router's heap must stay bounded.
 */
final class SlowClientFault implements Fault {

  private static final int ORDERS_PER_CHUNK = 100;
  private static final int QUIET_WRITER_ORDERS = 200;
  private static final long HEAP_GROWTH_LIMIT_MB = 512;

  /** The router's {@code pekko.http.server.idle-timeout} (http.conf). */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "slow";
  }

  @Override
  public List<FaultRow> run(FaultContext ctx) throws Exception {
    // Each with accounts of its own: an agency's GMV is then the sum of one ledger's orders.
    return List.of(slowReader(ctx, ctx.accounts(4, 2, 1)), quietWriter(ctx, ctx.accounts(4, 2, 1)));
  }

  private FaultRow slowReader(FaultContext ctx, Scenario scenario) throws Exception {
    Duration stall = ctx.options.stall();
    int count = ctx.options.quick() ? 10_000 : 50_000;
    List<Order> orders = ctx.orders(scenario, "slowreader", count);
    Ledger ledger = new Ledger();
    List<String> failures = new ArrayList<>();
    AtomicInteger written = new AtomicInteger();
    long heapBefore = ctx.client.heapUsedMb();
    long heapPeak = heapBefore;
    int writtenWhenReadingBegan;
    boolean clean;
    ctx.say("a stream reader that stops reading for " + stall.toSeconds() + " s");
    try (RawStream raw = new RawStream(ctx.router.httpPort())) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int from = 0; from < orders.size(); from += ORDERS_PER_CHUNK) {
                    StringBuilder chunk = new StringBuilder();
                    for (Order order : orders.subList(from, from + ORDERS_PER_CHUNK)) {
                      ledger.sending(order);
                      chunk.append(OrderJson.write(order)).append('\n');
                    }
                    raw.send(chunk.toString());
                    written.addAndGet(ORDERS_PER_CHUNK);
                  }
                  raw.finish();
                } catch (java.io.IOException e) {
                  // the router closed the connection: the reader sees it
                }
              },
              "slow-reader-writer");
      writer.start();
      long until = System.nanoTime() + stall.toNanos();
      while (System.nanoTime() < until) {
        Thread.sleep(1_000);
        heapPeak = Math.max(heapPeak, ctx.client.heapUsedMb());
      }
      writtenWhenReadingBegan = written.get();
      AtomicInteger line = new AtomicInteger();
      clean =
          raw.readResults(result -> ledger.streamLine(orders.get(line.getAndIncrement()), result));
      writer.join(60_000);
    }
    if (!clean) {
      failures.add("the stream did not end cleanly");
    }
    if (heapPeak - heapBefore > HEAP_GROWTH_LIMIT_MB) {
      failures.add("heap grew by " + (heapPeak - heapBefore) + " MiB while the reader stalled");
    }
    ctx.settle(ledger, Duration.ofMinutes(2));
    Audit.Result audit = ctx.audit.of(scenario, 50_000, ledger);
    Audit.check(ledger, audit, failures);
    return FaultRow.of(
        "stream reader stalled " + stall.toSeconds() + " s",
        ledger,
        audit,
        "-",
        "%,d of %,d orders written before reading resumed; heap %d → peak %d MiB"
            .formatted(writtenWhenReadingBegan, count, heapBefore, heapPeak),
        failures);
  }

  private FaultRow quietWriter(FaultContext ctx, Scenario scenario) throws Exception {
    Duration quiet = ctx.options.idle();
    List<Order> orders = ctx.orders(scenario, "quietwriter", QUIET_WRITER_ORDERS);
    Ledger ledger = new Ledger();
    List<String> failures = new ArrayList<>();
    AtomicLong closedAt = new AtomicLong();
    AtomicBoolean endedProperly = new AtomicBoolean();
    ctx.say("a stream writer that goes quiet for " + quiet.toSeconds() + " s");
    long quietFrom;
    boolean closedByRouter;
    try (RawStream raw = new RawStream(ctx.router.httpPort())) {
      Thread reader =
          new Thread(
              () -> {
                AtomicInteger line = new AtomicInteger();
                try {
                  endedProperly.set(
                      raw.readResults(
                          result -> ledger.streamLine(orders.get(line.getAndIncrement()), result)));
                } catch (java.io.IOException e) {
                  // closed without its final chunk: endedProperly stays false
                }
                closedAt.set(System.nanoTime());
              },
              "quiet-writer-reader");
      reader.start();
      StringBuilder body = new StringBuilder();
      for (Order order : orders) {
        ledger.sending(order);
        body.append(OrderJson.write(order)).append('\n');
      }
      raw.send(body.toString());
      quietFrom = System.nanoTime();
      long until = quietFrom + quiet.toNanos();
      while (System.nanoTime() < until && closedAt.get() == 0) {
        Thread.sleep(100);
      }
      closedByRouter = closedAt.get() != 0;
      if (!closedByRouter) {
        raw.finish(); // the quiet ended before the router's idle timeout: end the stream
      }
      reader.join(30_000);
    }
    String closed =
        closedAt.get() == 0
            ? "not closed"
            : FaultContext.seconds(Duration.ofNanos(closedAt.get() - quietFrom));
    if (ledger.acknowledged() != QUIET_WRITER_ORDERS) {
      failures.add("only " + ledger.acknowledged() + " orders answered before the quiet");
    }
    if (closedAt.get() == 0) {
      failures.add("the connection was never closed");
    }
    if (quiet.compareTo(IDLE_TIMEOUT) > 0 && !closedByRouter) {
      failures.add("the router kept a stream quiet for " + quiet.toSeconds() + " s open");
    }
    if (ctx.client.get("/ready", null).status() != 200) {
      failures.add("the router is not ready afterwards");
    }
    Audit.Result audit = ctx.audit.of(scenario, 50_000, ledger);
    Audit.check(ledger, audit, failures);
    return FaultRow.of(
        "stream writer quiet " + quiet.toSeconds() + " s",
        ledger,
        audit,
        "-",
        "stream ended "
            + closed
            + " into the quiet"
            + (endedProperly.get() ? " (final chunk)" : " (closed)"),
        failures);
  }
}
