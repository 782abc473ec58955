package io.daifa.common;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The shops and suppliers of this node that are recovering, so that the read side can wait for
 * them: after a restart the remembered shops, suppliers and the read side's catch-up all start at
 * once, and the catch-up (reading and writing what the journal took before the crash) slowed a
 * shop's recovery from 2.6 s to 6-11 s on two cores. Orders are taken only once the shop has
 * recovered; the read side is eventually consistent anyway.
 *
 * <p>A recovery that never reports its end (a bug, an actor stopped without a signal) counts for
 * {@link #FORGET_AFTER} at most, so that it cannot hold the read side back for good.
 */
public final class Recoveries implements Extension {

  static final Duration FORGET_AFTER = Duration.ofMinutes(1);
  private static final long POLL_MILLIS = 50;

  private static final ExtensionId<Recoveries> ID =
      new ExtensionId<>() {
        @Override
        public Recoveries createExtension(ActorSystem<?> system) {
          return new Recoveries();
        }
      };

  /** Recoveries in progress, by a token of each, with the {@link System#nanoTime} it began. */
  private final ConcurrentHashMap<Object, Long> inProgress = new ConcurrentHashMap<>();

  /** The node's; one per actor system. */
  public static Recoveries get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /**
   * A recovery began; {@link #ended} with the same token (the entity's name) when it completes or
   * the entity stops. The same token again replaces the earlier recovery.
   */
  public void began(Object token) {
    inProgress.put(token, System.nanoTime());
  }

  /** Idempotent. */
  public void ended(Object token) {
    inProgress.remove(token);
  }

  /** No shop or supplier of this node is recovering (counting those begun in the last minute). */
  public boolean quiet() {
    long now = System.nanoTime();
    inProgress.values().removeIf(began -> now - began > FORGET_AFTER.toNanos());
    return inProgress.isEmpty();
  }

  /** Completes once {@link #quiet}, or after {@code patience} at the latest. */
  public CompletionStage<Void> awaitQuiet(Duration patience) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    poll(done, System.nanoTime() + patience.toNanos());
    return done;
  }

  private void poll(CompletableFuture<Void> done, long deadline) {
    if (quiet() || System.nanoTime() - deadline >= 0) {
      done.complete(null);
      return;
    }
    CompletableFuture.runAsync(
        () -> poll(done, deadline),
        CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS));
  }
}
