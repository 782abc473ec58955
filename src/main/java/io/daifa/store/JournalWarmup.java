package io.daifa.store;

import io.daifa.common.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One journal round trip before the node says it is ready: a small entity of this node recovers
 * (snapshot, events, tag progress: the reads every entity's first command makes) and persists one
 * tagged event (the journal and tag writes of every order batch). On a Cassandra just started, the
 * first of these took longer than the ask timeout, so the first order after {@code /ready} was
 * answered 503; after the warm-up it is an ordinary write.
 *
 * <p>Each start of a node adds an event of a few bytes to its own journal ({@code
 * Warmup|host:port}), under a tag no projection reads: one, or one more for each ask that timed out
 * while its write was still running (a first write slower than the ask timeout).
 */
public final class JournalWarmup {

  static final String TAG = "warmup";

  /**
   * How long one ask waits. A write still running then is not lost: the next ask waits behind it
   * and is answered once it is stored.
   */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

  /** A failed write (storage not there yet) is tried again by the next ask, after a restart. */
  private static final BackoffSupervisorStrategy RETRY_FAILED_WRITE =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), 0.2);

  private static final Logger log = LoggerFactory.getLogger(JournalWarmup.class);

  /** Persisted once per start, or once per ask when storage is slow (see the class comment). */
  public record Warmed(Instant at) implements CborSerializable {}

  /** What the warm-up entity is told: it never leaves this node. */
  sealed interface Command {}

  /** Persists a {@link Warmed} and answers once it is stored. */
  record Warm(ActorRef<Warmed> replyTo) implements Command {}

  enum Stop implements Command {
    INSTANCE
  }

  private JournalWarmup() {}

  /**
   * Recovers this node's warm-up entity and persists one event, asking again until it is stored or
   * {@code patience} runs out; never fails the start (a storage still slow then is answered 503 as
   * at any other time), only logs.
   *
   * @return whether the write path was warmed
   */
  public static boolean run(ActorSystem<?> system, String node, Duration patience) {
    long started = System.nanoTime();
    ActorRef<Command> entity =
        system.systemActorOf(
            behavior(PersistenceId.of("Warmup", node)),
            "journal-warmup-" + UUID.randomUUID(),
            Props.empty());
    Instant deadline = Instant.now().plus(patience);
    try {
      while (Instant.now().isBefore(deadline)) {
        try {
          AskPattern.<Command, Warmed>ask(entity, Warm::new, ASK_TIMEOUT, system.scheduler())
              .toCompletableFuture()
              .get(ASK_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
          log.info(
              "Write path warm in {} ms (one journal recovery and one tagged write)",
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          return true;
        } catch (ExecutionException | TimeoutException e) {
          log.info("Warming the write path: no answer yet ({}); asking again", e.toString());
        }
      }
      log.warn(
          "The write path was not warm within {}: the first orders may be answered 503", patience);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      entity.tell(Stop.INSTANCE);
    }
  }

  static Behavior<Command> behavior(PersistenceId id) {
    return new EventSourcedBehavior<Command, Warmed, Integer>(id, RETRY_FAILED_WRITE) {
      @Override
      public Integer emptyState() {
        return 0;
      }

      @Override
      public CommandHandler<Command, Warmed, Integer> commandHandler() {
        return newCommandHandlerBuilder()
            .forAnyState()
            .onCommand(
                Warm.class,
                (state, warm) -> {
                  Warmed warmed = new Warmed(Instant.now());
                  return Effect().persist(warmed).thenRun(after -> warm.replyTo().tell(warmed));
                })
            .onCommand(Stop.class, stop -> Effect().stop())
            .build();
      }

      @Override
      public EventHandler<Integer, Warmed> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((count, warmed) -> count + 1);
      }

      @Override
      public Set<String> tagsFor(Warmed event) {
        return Set.of(TAG);
      }
    };
  }
}
