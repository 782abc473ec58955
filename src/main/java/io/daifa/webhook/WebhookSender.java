package io.daifa.webhook;

import io.daifa.webhook.WebhookStore.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Sends the deliveries of one webhook slice. Each supplier has a lane of its own: at most {@code
 * per-supplier-in-flight} attempts at once, the rest waiting in the lane, a failed one waiting its
 * backoff on a timer without holding the lane. A slow or dead endpoint therefore fills only its own
 * lane; other suppliers' deliveries and the order path never wait for it.
 *
 * <p>Every attempt reads the delivery from the log first and writes its outcome there, so that the
 * log is the truth and a worker starting on the slice (after a crash, on another node) goes on from
 * the outbox. A delivery may be sent twice around such a handover, never lost: receivers
 * de-duplicate by {@code Daifa-Delivery}.
 */
public final class WebhookSender extends AbstractBehavior<WebhookSender.Command> {

  public sealed interface Command {}

  /** A delivery to send (new, or a {@code redelivery} asked for by the supplier). */
  public record Enqueue(Key key, boolean redelivery) implements Command {}

  /** A supplier's endpoint set or (null) removed. */
  public record EndpointChanged(String supplierId, WebhookEndpoint endpoint) implements Command {}

  private record Loaded(WebhookStore.SliceState state, Throwable failure) implements Command {}

  private enum Reload implements Command {
    INSTANCE
  }

  private record Due(Key key) implements Command {}

  private record Attempted(Key key, WebhookDelivery after, Throwable failure) implements Command {}

  private static final Duration RELOAD_AFTER = Duration.ofSeconds(5);

  /** One supplier's deliveries: waiting their turn, in flight, and asked again while in flight. */
  private static final class Lane {
    final ArrayDeque<Long> ready = new ArrayDeque<>();
    final Set<Long> known = new HashSet<>();
    final Set<Long> again = new HashSet<>();
    int inFlight;
  }

  private final int slice;
  private final WebhookStore store;
  private final WebhookPoster poster;
  private final WebhookRetries retries;
  private final WebhookSettings settings;
  private final Clock clock;
  private final TimerScheduler<Command> timers;
  private final Map<String, WebhookEndpoint> endpoints = new HashMap<>();
  private final Map<String, Lane> lanes = new HashMap<>();

  public static Behavior<Command> create(
      int slice,
      WebhookStore store,
      WebhookPoster poster,
      WebhookRetries retries,
      WebhookSettings settings,
      Clock clock) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    Behaviors.withStash(
                        100_000,
                        stash -> {
                          ctx.pipeToSelf(store.slice(slice), Loaded::new);
                          return loading(
                              ctx,
                              stash,
                              store,
                              slice,
                              () ->
                                  new WebhookSender(
                                      ctx, slice, store, poster, retries, settings, clock, timers));
                        })));
  }

  /** Until the slice's endpoints and outbox are read, everything else waits. */
  private static Behavior<Command> loading(
      ActorContext<Command> ctx,
      StashBuffer<Command> stash,
      WebhookStore store,
      int slice,
      Supplier<WebhookSender> running) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Loaded.class,
            loaded -> {
              if (loaded.failure() != null) {
                ctx.getLog()
                    .warn(
                        "webhook slice {}: cannot read its outbox, again in {}: {}",
                        slice,
                        RELOAD_AFTER,
                        loaded.failure().toString());
                ctx.scheduleOnce(RELOAD_AFTER, ctx.getSelf(), Reload.INSTANCE);
                return Behaviors.same();
              }
              WebhookSender sender = running.get();
              sender.start(loaded.state());
              return stash.unstashAll(sender);
            })
        .onMessage(
            Reload.class,
            r -> {
              ctx.pipeToSelf(store.slice(slice), Loaded::new);
              return Behaviors.same();
            })
        .onAnyMessage(
            message -> {
              stash.stash(message);
              return Behaviors.same();
            })
        .build();
  }

  private WebhookSender(
      ActorContext<Command> ctx,
      int slice,
      WebhookStore store,
      WebhookPoster poster,
      WebhookRetries retries,
      WebhookSettings settings,
      Clock clock,
      TimerScheduler<Command> timers) {
    super(ctx);
    this.slice = slice;
    this.store = store;
    this.poster = poster;
    this.retries = retries;
    this.settings = settings;
    this.clock = clock;
    this.timers = timers;
  }

  private void start(WebhookStore.SliceState state) {
    endpoints.putAll(state.endpoints());
    getContext()
        .getLog()
        .info(
            "webhook slice {}: {} endpoints, {} deliveries to finish",
            slice,
            state.endpoints().size(),
            state.pending().size());
    state.pending().forEach(key -> enqueue(key, false));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Enqueue.class, e -> enqueued(() -> enqueue(e.key(), e.redelivery())))
        .onMessage(
            EndpointChanged.class,
            e ->
                enqueued(
                    () -> {
                      if (e.endpoint() == null) {
                        endpoints.remove(e.supplierId());
                      } else {
                        endpoints.put(e.supplierId(), e.endpoint());
                      }
                    }))
        .onMessage(Due.class, d -> enqueued(() -> ready(d.key())))
        .onMessage(Attempted.class, this::onAttempted)
        .build();
  }

  private Behavior<Command> enqueued(Runnable change) {
    change.run();
    return this;
  }

  private void enqueue(Key key, boolean redelivery) {
    Lane lane = lanes.computeIfAbsent(key.supplierId(), id -> new Lane());
    if (lane.known.add(key.seq())) {
      timers.cancel(key);
      ready(key);
    } else if (redelivery) {
      // In flight or waiting its backoff: send it once more after this attempt.
      lane.again.add(key.seq());
      if (timers.isTimerActive(key)) {
        timers.cancel(key);
        ready(key);
      }
    }
  }

  private void ready(Key key) {
    Lane lane = lanes.computeIfAbsent(key.supplierId(), id -> new Lane());
    lane.ready.add(key.seq());
    pump(key.supplierId(), lane);
  }

  private void pump(String supplierId, Lane lane) {
    while (lane.inFlight < settings.perSupplierInFlight() && !lane.ready.isEmpty()) {
      Key key = new Key(supplierId, lane.ready.poll());
      lane.again.remove(key.seq());
      lane.inFlight++;
      getContext()
          .pipeToSelf(
              attempt(key, endpoints.get(supplierId)),
              (after, failure) -> new Attempted(key, after, failure));
    }
  }

  /**
   * One attempt: the delivery as the log has it; if it is still pending and due, posted, and the
   * outcome recorded. Completes with the delivery afterwards (null when the log no longer has it).
   */
  private CompletionStage<WebhookDelivery> attempt(Key key, WebhookEndpoint endpoint) {
    return store
        .delivery(key.supplierId(), key.seq())
        .thenCompose(
            delivery -> {
              if (delivery == null || delivery.body() == null) {
                return store.finished(key.supplierId(), key.seq()).thenApply(done -> null);
              }
              if (delivery.isFinished()) {
                return store.finished(key.supplierId(), key.seq()).thenApply(done -> delivery);
              }
              Instant now = clock.instant();
              if (delivery.nextAttemptAt() != null && delivery.nextAttemptAt().isAfter(now)) {
                return CompletableFuture.completedFuture(delivery); // taken over: wait its turn
              }
              CompletionStage<WebhookPoster.Result> result =
                  endpoint == null
                      ? CompletableFuture.completedFuture(
                          new WebhookPoster.Result(false, true, "the supplier has no webhook"))
                      : poster.post(endpoint, delivery);
              return result.thenCompose(
                  r -> {
                    WebhookDelivery after = retries.after(delivery, r, clock.instant());
                    return store.attempted(after).thenApply(done -> after);
                  });
            });
  }

  private Behavior<Command> onAttempted(Attempted a) {
    Key key = a.key();
    Lane lane = lanes.get(key.supplierId());
    lane.inFlight--;
    if (a.failure() != null) {
      getContext()
          .getLog()
          .warn(
              "webhook {} of {}: could not attempt it, again in {}: {}",
              WebhookPayload.deliveryId(key.seq()),
              key.supplierId(),
              settings.minBackoff(),
              a.failure().toString());
      timers.startSingleTimer(key, new Due(key), settings.minBackoff());
    } else if (lane.again.remove(key.seq())) {
      // Asked again while this attempt ran, which may have recorded it delivered since: pending
      // once more, then sent.
      getContext()
          .pipeToSelf(
              store.requeued(key.supplierId(), key.seq(), clock.instant()),
              (done, failure) -> new Due(key));
    } else if (a.after() != null && !a.after().isFinished()) {
      Duration wait =
          a.after().nextAttemptAt() == null
              ? settings.minBackoff()
              : Duration.between(clock.instant(), a.after().nextAttemptAt());
      timers.startSingleTimer(key, new Due(key), wait.isNegative() ? Duration.ZERO : wait);
    } else {
      lane.known.remove(key.seq());
      if (a.after() != null && a.after().status() == WebhookDelivery.Status.FAILED) {
        getContext()
            .getLog()
            .warn(
                "webhook {} of {} failed for good after {} attempts: {}",
                a.after().deliveryId(),
                key.supplierId(),
                a.after().attempts(),
                a.after().lastResult());
      }
    }
    pump(key.supplierId(), lane);
    if (lane.known.isEmpty()) {
      lanes.remove(key.supplierId());
    }
    return this;
  }
}
