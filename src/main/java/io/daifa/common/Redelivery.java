package io.daifa.common;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * At-least-once delivery of what an entity owes other entities (dispatches, notices). What is owed
 * is part of the entity's state, so this only decides when to send it: at once after the persist
 * that created it, again on every timer tick until acknowledged, and after recovery. The timer runs
 * only while something is owed.
 *
 * @param <C> the entity's command type, of which {@code tick} is the timer message
 * @param <T> what is delivered
 */
public final class Redelivery<C, T> {

  private static final String TIMER = "redeliver";

  private final TimerScheduler<C> timers;
  private final C tick;
  private final EntitySettings settings;
  private final Consumer<List<T>> send;

  /** {@code send} delivers a batch; it may group it by recipient. */
  public Redelivery(
      TimerScheduler<C> timers, C tick, EntitySettings settings, Consumer<List<T>> send) {
    this.timers = timers;
    this.tick = tick;
    this.settings = settings;
    this.send = send;
  }

  /** After a persist that made these owed: send them now (unless a test holds them back). */
  public void afterPersist(Collection<T> owed) {
    if (owed.isEmpty()) {
      return;
    }
    if (settings.deliverAfterPersist()) {
      send.accept(List.copyOf(owed));
    }
    ensureTimer();
  }

  /** On recovery and on each tick: send a batch of what is still owed, or stop the timer. */
  public void resend(Collection<T> owed) {
    if (owed.isEmpty()) {
      timers.cancel(TIMER);
      return;
    }
    send.accept(owed.stream().limit(settings.redeliveryBatch()).toList());
    ensureTimer();
  }

  private void ensureTimer() {
    if (!timers.isTimerActive(TIMER)) {
      timers.startTimerWithFixedDelay(TIMER, tick, settings.redeliveryInterval());
    }
  }
}
