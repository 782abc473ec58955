package io.daifa.app;

import io.daifa.shop.ShopObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Intake persist latency and the manual queue, summed over the shops running on this node. */
final class ShopMetrics implements ShopObserver {

  private final Timer persist;
  private final Map<String, Integer> queues = new ConcurrentHashMap<>();

  ShopMetrics(MeterRegistry registry) {
    this.persist =
        Timer.builder("daifa.intake.persist")
            .description("Time to persist one batch of routed orders")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder(
            "daifa.manual.queue.lines", queues, q -> q.values().stream().mapToInt(i -> i).sum())
        .description("Order lines waiting for manual allocation, in the shops on this node")
        .register(registry);
  }

  @Override
  public void intakePersisted(int orders, long nanos) {
    persist.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void manualQueueSize(String shopId, int lines) {
    queues.put(shopId, lines);
  }
}
