package io.daifa.faults;

import io.daifa.kafka.OrderTopicClient;
import io.daifa.loadtest.OrderJson;
import io.daifa.loadtest.Scenario;
import io.daifa.order.Order;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Kafka broker killed with kill -9 while a marketplace publishes orders to it at a steady rate,
 * kept down for 20 s, and started again on its data: the router's consumer resumes by itself (no
 * restart of the router, no operator), and every order published is answered on the results topic
 * and stored exactly once. The publisher's producer holds and retries its records while the broker
 * is away, as a marketplace's would.
 */
final class KafkaFault implements Fault {

  private static final int RATE = 200;
  private static final Duration WARM = Duration.ofSeconds(5);
  private static final Duration DOWN = Duration.ofSeconds(20);
  private static final Duration AFTER = Duration.ofSeconds(15);
  private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public List<FaultRow> run(FaultContext ctx) throws Exception {
    String name = "Kafka broker kill -9, " + DOWN.toSeconds() + " s down, restart";
    ctx.say(name + " under " + RATE + " orders/s published");
    Scenario scenario = ctx.accounts(10, 3, 2);
    long seconds = WARM.plus(DOWN).plus(AFTER).toSeconds() + 15; // + the broker's own restart
    List<Order> orders = ctx.orders(scenario, "kafka", (int) (RATE * seconds));
    Ledger ledger = new Ledger();
    LongAdder notPublished = new LongAdder();
    List<String> failures = new ArrayList<>();
    Duration back;
    Duration brokerStart;
    try (OrderTopicClient topics =
        new OrderTopicClient(
            ctx.kafka.bootstrap(), RouterProcess.ORDERS_TOPIC, RouterProcess.RESULTS_TOPIC)) {
      Thread publisher =
          new Thread(() -> publish(orders, topics, ledger, notPublished), "fault-kafka-publisher");
      publisher.start();
      Thread.sleep(WARM.toMillis());
      ctx.kafka.kill();
      Thread.sleep(DOWN.toMillis());
      long restarting = System.nanoTime();
      ctx.kafka.restart(ctx::say);
      long restarted = System.nanoTime();
      brokerStart = Duration.ofNanos(restarted - restarting);
      back = FaultContext.untilAccepted(ledger, restarted, Duration.ofSeconds(90));
      publisher.join();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (topics.waiting() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    if (notPublished.sum() > 0) {
      failures.add(notPublished.sum() + " orders the publisher's producer gave up on");
    }
    if (back == null || back.compareTo(BACK_WITHIN) > 0) {
      failures.add("orders answered again only after " + FaultContext.seconds(back));
    }
    int unanswered = ledger.unanswered().size();
    if (unanswered > 0) {
      failures.add(unanswered + " published orders without a result");
    }
    Audit.Result audit = ctx.audit.of(scenario, 50_000, ledger);
    Audit.check(ledger, audit, failures);
    return List.of(
        FaultRow.of(
            name,
            ledger,
            audit,
            FaultContext.seconds(back) + " after the broker returned",
            "broker up again in %s; results on the results topic, no resend by the publisher"
                .formatted(FaultContext.seconds(brokerStart)),
            failures));
  }

  /** Publishes at {@link #RATE}, each order's result going to the ledger as a stream line. */
  private static void publish(
      List<Order> orders, OrderTopicClient topics, Ledger ledger, LongAdder notPublished) {
    Pacing pacing = new Pacing(TimeUnit.SECONDS.toNanos(1) / RATE);
    for (Order order : orders) {
      ledger.sending(order);
      topics
          .publish(order.shopId(), order.orderId(), OrderJson.write(order))
          .whenComplete(
              (line, failure) -> {
                if (failure == null) {
                  ledger.streamLine(order, line);
                } else {
                  notPublished.increment();
                }
              });
      try {
        pacing.awaitTurn();
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
