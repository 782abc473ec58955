package io.daifa.faults;

import io.daifa.loadtest.Scenario;
import io.daifa.order.Order;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One shop with a large de-duplication window (300,000 orders in the full form), then kill -9 of
 * the router and a start on the same data: the shop must take an order again within 10 s of the
 * router being ready (its window comes back from a bounded snapshot, not a replay of every order);
 * the short form checks only that it takes one again.
 */
final class BigShopFault implements Fault {

  private static final Duration FIRST_ORDER_WITHIN = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "big-shop";
  }

  @Override
  public List<FaultRow> run(FaultContext ctx) throws Exception {
    int count = ctx.options.bigShopOrders();
    Scenario scenario = ctx.accounts(1, 2, 1);
    Ledger ledger = new Ledger();
    ctx.say("one shop takes " + count + " orders, then the router is killed and started again");
    long start = System.nanoTime();
    for (int from = 0; from < count; from += 50_000) {
      ctx.stream(ctx.orders(scenario, "big" + from, Math.min(50_000, count - from)), ledger, 4);
      ctx.say("  " + ledger.acknowledged() + " orders acknowledged");
    }
    double rate = ledger.acknowledged() / ((System.nanoTime() - start) / 1e9);
    ctx.settle(ledger, Duration.ofMinutes(3));
    Iterator<Order> probes = ctx.orders(scenario, "bigprobe", 10_000).iterator();
    ctx.router.kill();
    long startedAt = System.nanoTime();
    ctx.router.start();
    Duration ready = ctx.router.awaitReady(ctx.client, FaultContext.READY_WITHIN);
    Duration firstOrder = null;
    while (System.nanoTime() - startedAt < FaultContext.READY_WITHIN.toNanos()) {
      Order probe = probes.next();
      ledger.sending(probe);
      FaultClient.Answer answer = ctx.client.postOrder(probe);
      ledger.answered(probe, answer);
      if (answer.status() == 202) {
        firstOrder = Duration.ofNanos(System.nanoTime() - startedAt);
        break;
      }
      Thread.sleep(100);
    }
    List<String> failures = new ArrayList<>();
    Duration afterReady = firstOrder == null ? null : firstOrder.minus(ready);
    // The time limit holds in the full form only, as the flood's and the abuse's p99 limits: the
    // short form's shop has 10,000 orders, so its time is that of the other scenarios' entities
    // recovering beside it on a shared machine (2.3 to 11.1 s after ready in CI runs of one build).
    if (afterReady == null
        || (!ctx.options.quick() && afterReady.compareTo(FIRST_ORDER_WITHIN) > 0)) {
      failures.add("first order taken " + FaultContext.seconds(afterReady) + " after ready");
    }
    ctx.settle(ledger, Duration.ofMinutes(2));
    Audit.Result audit = ctx.audit.of(scenario, 20_000, ledger);
    Audit.check(ledger, audit, failures);
    return List.of(
        FaultRow.of(
            "one shop, %,d orders in its window, kill -9".formatted(count),
            ledger,
            audit,
            "first 202 %s after ready (%s after the JVM started)"
                .formatted(FaultContext.seconds(afterReady), FaultContext.seconds(firstOrder)),
            "streamed at %,.0f orders/s".formatted(rate),
            failures));
  }
}
