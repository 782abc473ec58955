package io.daifa.ingest;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.Order;
import io.daifa.shop.OrderReceipt;
import io.daifa.shop.ShopEntity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Groups single orders per shop so that one shop command, and one journal write, carries many. Each
 * shop has at most one batch in flight; orders that arrive meanwhile wait and leave together as the
 * next batch as soon as it returns. Batches therefore grow with the load by themselves, and a quiet
 * shop pays no added latency. At most {@code maxBuffered} orders wait in all; beyond that a
 * submission is refused at once as {@code UNAVAILABLE}, so a caller is slowed, never queued without
 * bound.
 */
public final class IngestBatcher extends AbstractBehavior<IngestBatcher.Command> {

  public sealed interface Command {}

  /** One order for its shop; the reply is that order's own outcome. */
  public record Submit(Order order, ActorRef<Outcome<OrderReceipt>> replyTo) implements Command {}

  private record BatchDone(
      String shopId, List<Submit> batch, ShopEntity.IngestResult result, Throwable failure)
      implements Command {}

  /** Sends a batch to its shop; the answer lists one outcome per order, in order. */
  @FunctionalInterface
  public interface Shops
      extends BiFunction<String, List<Order>, CompletionStage<ShopEntity.IngestResult>> {}

  private final Shops shops;
  private final int maxBatch;
  private final int maxBuffered;
  private final Map<String, ArrayDeque<Submit>> waiting = new HashMap<>();
  private final Map<String, Boolean> inFlight = new HashMap<>();
  private int buffered;

  public static Behavior<Command> create(Shops shops, int maxBatch, int maxBuffered) {
    return Behaviors.setup(ctx -> new IngestBatcher(ctx, shops, maxBatch, maxBuffered));
  }

  private IngestBatcher(ActorContext<Command> ctx, Shops shops, int maxBatch, int maxBuffered) {
    super(ctx);
    this.shops = shops;
    this.maxBatch = maxBatch;
    this.maxBuffered = maxBuffered;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(BatchDone.class, this::onBatchDone)
        .build();
  }

  private Behavior<Command> onSubmit(Submit submit) {
    if (buffered >= maxBuffered) {
      submit
          .replyTo()
          .tell(Outcome.refused(ErrorCode.UNAVAILABLE, "intake is saturated; retry shortly"));
      return this;
    }
    String shopId = submit.order().shopId();
    waiting.computeIfAbsent(shopId, id -> new ArrayDeque<>()).add(submit);
    buffered++;
    if (!inFlight.getOrDefault(shopId, false)) {
      send(shopId);
    }
    return this;
  }

  private void send(String shopId) {
    ArrayDeque<Submit> queue = waiting.get(shopId);
    List<Submit> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    buffered -= batch.size();
    if (queue.isEmpty()) {
      waiting.remove(shopId);
    }
    inFlight.put(shopId, true);
    List<Order> orders = batch.stream().map(Submit::order).toList();
    getContext()
        .pipeToSelf(
            shops.apply(shopId, orders),
            (result, failure) -> new BatchDone(shopId, batch, result, failure));
  }

  private Behavior<Command> onBatchDone(BatchDone done) {
    List<Submit> batch = done.batch();
    for (int i = 0; i < batch.size(); i++) {
      Outcome<OrderReceipt> outcome =
          done.failure() == null
              ? done.result().outcomes().get(i)
              : Outcome.refused(
                  ErrorCode.UNAVAILABLE,
                  "storage did not answer in time; retry (order IDs are idempotent)");
      batch.get(i).replyTo().tell(outcome);
    }
    inFlight.remove(done.shopId());
    if (waiting.containsKey(done.shopId())) {
      send(done.shopId());
    }
    return this;
  }
}
