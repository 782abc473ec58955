package io.daifa.common;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * At-least-once delivery of what an entity owes other entities (dispatches, notices). What is owed
 * is part of the entity's state, so this only decides when to send it: at once after the persist
 * that created it, again on every timer tick until acknowledged, and after recovery. The timer runs
 * only while something is owed.
 *
 * <p>A tick sends again only what was owed at the tick before too: what left since is given a whole
 * interval to be acknowledged. Else every tick would resend all that is in flight at that instant,
 * and a recipient slow to acknowledge (behind at peak) would get more the further behind it fell:
 * up to a redelivery batch per sender per tick on top of the load that put it behind.
 *
 * @param <C> the entity's command type, of which {@code tick} is the timer message
 * @param <T> what is delivered
 */
public final class Redelivery<C, T> {

  private static final String TIMER = "redeliver";

  private final TimerScheduler<C> timers;
  private final C tick;
  private final EntitySettings settings;
  private final Function<T, String> key;
  private final Consumer<List<T>> send;

  /** The keys of what was sent after its persist since the last tick. */
  private final Set<String> sentSinceTick = new HashSet<>();

  /**
   * {@code key} identifies what is delivered (a dispatch or notice ID); {@code send} delivers a
   * batch, and may group it by recipient.
   */
  public Redelivery(
      TimerScheduler<C> timers,
      C tick,
      EntitySettings settings,
      Function<T, String> key,
      Consumer<List<T>> send) {
    this.timers = timers;
    this.tick = tick;
    this.settings = settings;
    this.key = key;
    this.send = send;
  }

  /** After a persist that made these owed: send them now (unless a test holds them back). */
  public void afterPersist(Collection<T> owed) {
    if (owed.isEmpty()) {
      return;
    }
    if (settings.deliverAfterPersist()) {
      send.accept(List.copyOf(owed));
      for (T each : owed) {
        sentSinceTick.add(key.apply(each));
      }
    }
    ensureTimer();
  }

  /**
   * On recovery and on each tick: send a batch of what is still owed and was not sent since the
   * last tick, or stop the timer when nothing is owed.
   */
  public void resend(Collection<T> owed) {
    if (owed.isEmpty()) {
      sentSinceTick.clear();
      timers.cancel(TIMER);
      return;
    }
    List<T> again =
        owed.stream()
            .filter(each -> !sentSinceTick.contains(key.apply(each)))
            .limit(settings.redeliveryBatch())
            .toList();
    sentSinceTick.clear();
    if (!again.isEmpty()) {
      send.accept(again);
    }
    ensureTimer();
  }

  private void ensureTimer() {
    if (!timers.isTimerActive(TIMER)) {
      timers.startTimerWithFixedDelay(TIMER, tick, settings.redeliveryInterval());
    }
  }
}
