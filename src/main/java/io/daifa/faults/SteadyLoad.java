package io.daifa.faults;

import io.daifa.order.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Orders at a steady rate, one {@code POST /v1/orders} each, from a few threads: the normal traffic
 * under which storage is paused or a shop floods. Answers go to the ledger in use at the time, so
 * that a scenario can count each phase apart; latencies of accepted orders are kept per phase for
 * percentiles.
 */
final class SteadyLoad implements AutoCloseable {

  private static final int THREADS = 8;

  private final FaultClient client;
  private final Supplier<Order> orders;
  private final long intervalNanos;
  private final List<Thread> threads = new ArrayList<>();
  private volatile Ledger ledger;
  private volatile ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  SteadyLoad(FaultClient client, Supplier<Order> orders, int perSecond, Ledger ledger) {
    this.client = client;
    this.orders = orders;
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) * THREADS / perSecond;
    this.ledger = ledger;
    for (int i = 0; i < THREADS; i++) {
      Thread thread = new Thread(this::send, "steady-load-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  /** From now on answers go to {@code next}; returns the latencies (ms) of the phase that ended. */
  List<Double> phase(Ledger next) {
    List<Double> ended = new ArrayList<>(latencies);
    latencies = new ConcurrentLinkedQueue<>();
    ledger = next;
    return ended;
  }

  private void send() {
    Pacing pacing = new Pacing(intervalNanos);
    while (running) {
      Order order;
      synchronized (orders) {
        order = orders.get();
      }
      Ledger current = ledger;
      current.sending(order);
      FaultClient.Answer answer = client.postOrder(order);
      current.answered(order, answer);
      if (answer.status() == 202) {
        latencies.add(answer.millis());
      }
      try {
        pacing.awaitTurn();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The {@code q}-quantile of latencies, in ms (0 for none). */
  static double quantile(List<Double> latencies, double q) {
    if (latencies.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(35_000);
    }
  }
}
