package io.daifa.faults;

import io.daifa.loadtest.Scenario;
import io.daifa.order.Order;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The kill -9 set test: orders stream in over four NDJSON streams; the router's JVM is killed with
 * kill -9 at random moments (a random share of what remains acknowledged), started again on the
 * same data, and sent whatever was unanswered. At the end every order is sent once more: each
 * acknowledged order must answer its first receipt, and the audit must find it exactly once.
 */
final class KillRouterFault implements Fault {

  @Override
  public String name() {
    return "kill";
  }

  @Override
  public List<FaultRow> run(FaultContext ctx) throws Exception {
    FaultOptions o = ctx.options;
    Scenario scenario = ctx.accounts(20, 4, 4);
    List<Order> orders = ctx.orders(scenario, "kill", o.killOrders());
    Ledger ledger = new Ledger();
    SplittableRandom random = new SplittableRandom(o.seed());
    List<String> recoveries = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<Thread> senders = ctx.streamInBackground(orders, ledger, 4);
    for (int kill = 1; kill <= o.kills(); kill++) {
      int remaining = orders.size() - ledger.acknowledged();
      int target = ledger.acknowledged() + (int) (remaining * random.nextDouble(0.1, 0.6));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (ledger.acknowledged() < target && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      ctx.say("kill -9 of the router at " + ledger.acknowledged() + " acknowledged orders");
      long killedAt = System.nanoTime();
      ctx.router.kill();
      for (Thread sender : senders) {
        sender.join();
      }
      ctx.router.start();
      ctx.router.awaitReady(ctx.client, FaultContext.READY_WITHIN);
      long readyAt = System.nanoTime();
      // A client sends again what it has no receipt for; the next kill falls in this resend.
      senders = ctx.streamInBackground(ledger.unanswered(), ledger, 4);
      Duration accepted = FaultContext.untilAccepted(ledger, readyAt, Duration.ofSeconds(60));
      recoveries.add(FaultContext.seconds(Duration.ofNanos(readyAt - killedAt)));
      if (accepted == null) {
        failures.add("no order taken within 60 s of the restart " + kill);
      }
    }
    for (Thread sender : senders) {
      sender.join();
    }
    if (!ctx.settle(ledger, Duration.ofMinutes(3))) {
      failures.add("orders still unanswered");
    }
    int acknowledged = ledger.acknowledged();
    ctx.stream(orders, ledger, 4); // every order once more: receipts must not change
    Audit.Result audit = ctx.audit.of(scenario, 50_000, ledger);
    Audit.check(ledger, audit, failures);
    if (ledger.acknowledged() != acknowledged) {
      failures.add("the final resend found orders that had no receipt");
    }
    return List.of(
        FaultRow.of(
            "router kill -9 ×" + o.kills() + " mid-stream",
            ledger,
            audit,
            String.join(", ", recoveries) + " to ready",
            "receipts changed on resend: " + ledger.changedReceipts.sum(),
            failures));
  }
}
