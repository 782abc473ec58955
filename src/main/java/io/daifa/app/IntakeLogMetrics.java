package io.daifa.app;

import io.daifa.store.IntakeLogStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The node's intake log ({@link io.daifa.store.IntakeLogJournal}): {@code
 * daifa_intake_log_writes_total} against {@code daifa_intake_log_events_total} says how many
 * entities' writes share a partition; {@code daifa_intake_log_uncopied_events} stays near a copy
 * window's worth unless copies fail.
 */
final class IntakeLogMetrics {

  private IntakeLogMetrics() {}

  static void bind(IntakeLogStats stats, MeterRegistry registry) {
    counter(
        registry, "daifa.intake.log.writes", "Log writes that landed", stats, s -> s.logWrites());
    counter(
        registry,
        "daifa.intake.log.failed.writes",
        "Log writes that failed (their entities' writes failed)",
        stats,
        s -> s.failedLogWrites());
    counter(
        registry,
        "daifa.intake.log.events",
        "Events answered from the log",
        stats,
        s -> s.eventsLogged());
    counter(
        registry,
        "daifa.intake.log.copied.events",
        "Events copied to the entities' journals",
        stats,
        s -> s.eventsCopied());
    counter(
        registry,
        "daifa.intake.log.failed.copies",
        "Copies to the entities' journals that failed and were tried again",
        stats,
        s -> s.failedCopies());
    counter(
        registry,
        "daifa.intake.log.recovered.events",
        "Events copied from the logs of routers that stopped without copying them",
        stats,
        s -> s.eventsLeftByGoneRouters());
    Gauge.builder("daifa.intake.log.uncopied.events", stats, s -> s.eventsWaitingToBeCopied())
        .description("Events in this node's log not yet copied to the entities' journals")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      String description,
      IntakeLogStats stats,
      ToDoubleFunction<IntakeLogStats> value) {
    FunctionCounter.builder(name, stats, value).description(description).register(registry);
  }
}
