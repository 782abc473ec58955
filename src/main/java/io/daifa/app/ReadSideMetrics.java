package io.daifa.app;

import io.daifa.order.OrderTags;
import io.daifa.readside.ReadSideObserver;
import io.daifa.readside.ReadSideWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code daifa_read_side_delay_seconds{slice}}: how far behind the writes each tag slice projects,
 * and the shops' own batches ({@code slice="shops"}, {@link ReadSideWriter}).
 */
final class ReadSideMetrics implements ReadSideObserver {

  private final AtomicLongArray delays = new AtomicLongArray(OrderTags.SLICES + 1);

  ReadSideMetrics(MeterRegistry registry) {
    for (int slice = 0; slice <= OrderTags.SLICES; slice++) {
      int s = slice;
      Gauge.builder("daifa.read.side.delay", delays, d -> d.get(s) / 1000.0)
          .description(
              "Age of the newest event of the order projection's last group when it was written")
          .tag("slice", slice == ReadSideWriter.SLICE ? "shops" : Integer.toString(slice))
          .baseUnit("seconds")
          .register(registry);
    }
  }

  @Override
  public void groupProjected(int slice, long delayMillis) {
    delays.set(slice, delayMillis);
  }
}
