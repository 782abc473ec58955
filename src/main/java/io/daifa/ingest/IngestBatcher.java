package io.daifa.ingest;

import com.typesafe.config.Config;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.Order;
import io.daifa.shop.OrderReceipt;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopEntity;
import io.daifa.wire.CompactSize;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Groups single orders per shop so that one shop command, and one journal write, carries many. Each
 * shop has at most one batch in flight; orders that arrive meanwhile wait and leave together as the
 * next batch as soon as it returns. Batches therefore grow with the load by themselves, and a quiet
 * shop pays no added latency.
 *
 * <p>No order costs an ask or a timer of its own: a submission carries a future, a batch carries
 * its ID to the shop and back, and a batch's deadline is checked by the batcher's one sweep every
 * 100 ms (a timer per batch would leave its cancelled task in the scheduler's wheel until due, tens
 * of thousands of objects living through young collections at peak). When the deadline passes
 * before the shop answered, the batch's orders are answered {@code UNAVAILABLE} with "may have been
 * stored", and the shop stays blocked until the late answer arrives (or, if it never does, {@code
 * abandonAfter} later), so that a batch that may still land is never overtaken by the next one.
 *
 * <p>At most {@code maxBuffered} orders wait in all; beyond that a submission is refused at once as
 * {@code UNAVAILABLE}, so a caller is slowed, never queued without bound. One shop may not fill the
 * room for the others: it holds at most its share of it (the room divided among the shops with a
 * batch in flight, and never less than one batch), beyond which its orders are refused as {@code
 * RATE_LIMITED} (429) while other shops' orders are still taken. An order of a stream ({@link
 * Submit#waitsForShare}) is not refused but parked until its shop has room again (or {@code
 * parkPatience} runs out): the stream then reads nothing more until it moves, so a shop flooding
 * over streams is slowed by TCP back-pressure instead of costing a parse and a refusal per line. At
 * most {@code maxBuffered} orders are parked per shop. With {@code shopMaxRate} set, a shop sends
 * at most that many orders a second while other shops are sending too ({@link ShopPacing}), and may
 * have at most a second of them waiting. A batch holds at most {@code maxBatch} orders and {@code
 * maxBatchBytes} of them in their compact form.
 */
public final class IngestBatcher extends AbstractBehavior<IngestBatcher.Command> {

  public sealed interface Command {}

  /**
   * One order for its shop, answered through {@code reply} with that order's own outcome. The
   * batcher is local to its node, so a future is enough: no temporary actor per order. {@code
   * waitsForShare}: over its shop's share the order waits for room rather than being refused.
   */
  public record Submit(
      Order order,
      Duration patience,
      boolean waitsForShare,
      CompletableFuture<Outcome<OrderReceipt>> reply)
      implements Command {}

  private record BatchAnswered(ShopCommand.IngestResult result) implements Command {}

  private record PaceOver(String shopId) implements Command {}

  /** In {@code busyShops}: the shop waits for its rate cap, with no batch in flight. */
  private static final long PACED = 0;

  /**
   * Answers waiting orders whose patience ran out while their shop was blocked, and batches in
   * flight past their deadline.
   */
  private enum Sweep implements Command {
    INSTANCE
  }

  private static final Duration SWEEP_EVERY = Duration.ofMillis(100);

  /** How the batcher reaches shops: the shop answers {@code replyTo} with the same batch ID. */
  @FunctionalInterface
  public interface Shops {
    void send(
        String shopId,
        long batchId,
        List<Order> orders,
        ActorRef<ShopCommand.IngestResult> replyTo);
  }

  /** The shops on Cluster Sharding. */
  public static Shops through(ClusterSharding sharding) {
    return (shopId, batchId, orders, replyTo) ->
        sharding
            .entityRefFor(ShopEntity.ENTITY_TYPE_KEY, shopId)
            .tell(new ShopCommand.IngestOrders(batchId, orders, replyTo));
  }

  /** Limits of a batch and of the waiting room. */
  /**
   * @param parkPatience how long an order that waits for its shop's share may stay parked before it
   *     is answered 429: long, since its stream reads nothing more meanwhile, and an order that
   *     gives up only comes back as another line to parse
   */
  public record Limits(
      int maxBatch,
      long maxBatchBytes,
      int maxBuffered,
      Duration abandonAfter,
      double shopMaxRate,
      Duration parkPatience) {

    /** From {@code daifa.ingest}. */
    public static Limits fromConfig(Config ingest) {
      return new Limits(
          ingest.getInt("max-batch"),
          ingest.getMemorySize("max-batch-bytes").toBytes(),
          ingest.getInt("max-buffered"),
          ingest.getDuration("abandon-after"),
          ingest.getDouble("shop-max-rate"),
          ingest.getDuration("park-patience"));
    }
  }

  private record Waiting(Submit submit, long deadline, long bytes) {}

  private static final class InFlight {
    final String shopId;
    final List<Waiting> orders;

    /** When its orders are answered 503; then, once answered, when the shop is unblocked. */
    long deadline;

    boolean answered;

    InFlight(String shopId, List<Waiting> orders, long deadline) {
      this.shopId = shopId;
      this.orders = orders;
      this.deadline = deadline;
    }
  }

  private final Shops shops;
  private final Limits limits;
  private final TimerScheduler<Command> timers;
  private final ActorRef<ShopCommand.IngestResult> answers;
  private final Map<String, ArrayDeque<Waiting>> waiting = new HashMap<>();
  private final Map<String, ArrayDeque<Waiting>> parked = new HashMap<>();
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  private final Map<String, Long> busyShops = new HashMap<>();
  private final ShopPacing pacing;
  private long nextBatchId;
  private int buffered;
  private int parkedCount;

  public static Behavior<Command> create(Shops shops, Limits limits) {
    return Behaviors.setup(
        ctx -> Behaviors.withTimers(timers -> new IngestBatcher(ctx, shops, limits, timers)));
  }

  private IngestBatcher(
      ActorContext<Command> ctx, Shops shops, Limits limits, TimerScheduler<Command> timers) {
    super(ctx);
    this.shops = shops;
    this.limits = limits;
    this.timers = timers;
    this.pacing = new ShopPacing(limits.shopMaxRate());
    this.answers = ctx.messageAdapter(ShopCommand.IngestResult.class, BatchAnswered::new);
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, SWEEP_EVERY);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(BatchAnswered.class, this::onAnswered)
        .onMessage(PaceOver.class, this::onPaceOver)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .build();
  }

  private Behavior<Command> onSubmit(Submit submit) {
    if (buffered >= limits.maxBuffered()) {
      submit.reply().complete(unavailable("intake is saturated; retry shortly"));
      return this;
    }
    String shopId = submit.order().shopId();
    ArrayDeque<Waiting> queue = waiting.get(shopId);
    int share = shareOf(shopId);
    long deadline = System.nanoTime() + submit.patience().toNanos();
    boolean full = queue != null && queue.size() >= share;
    ArrayDeque<Waiting> parkedOfShop = parked.get(shopId);
    if (submit.waitsForShare()
        && (full || parkedOfShop != null)
        && (parkedOfShop == null || parkedOfShop.size() < limits.maxBuffered())) {
      long parkedUntil = System.nanoTime() + limits.parkPatience().toNanos();
      parked
          .computeIfAbsent(shopId, id -> new ArrayDeque<>())
          .add(new Waiting(submit, parkedUntil, CompactSize.of(submit.order())));
      parkedCount++;
      return this;
    }
    if (full) {
      submit
          .reply()
          .complete(
              Outcome.refused(
                  ErrorCode.RATE_LIMITED,
                  "not stored: "
                      + share
                      + " orders of shop "
                      + shopId
                      + " are waiting already, its share of intake; retry shortly"));
      return this;
    }
    waiting
        .computeIfAbsent(shopId, id -> new ArrayDeque<>())
        .add(new Waiting(submit, deadline, CompactSize.of(submit.order())));
    buffered++;
    if (!busyShops.containsKey(shopId)) {
      send(shopId);
    }
    return this;
  }

  /** The most orders {@code shopId} may have waiting: the room shared by the busy shops. */
  private int shareOf(String shopId) {
    int busy = busyShops.size() + (busyShops.containsKey(shopId) ? 0 : 1);
    return pacing.share(
        shopId, Math.max(limits.maxBatch(), limits.maxBuffered() / busy), System.nanoTime());
  }

  /** Sends the shop's next batch: orders whose patience ran out while waiting are not sent. */
  private void send(String shopId) {
    ArrayDeque<Waiting> queue = waiting.get(shopId);
    if (queue == null) {
      return;
    }
    long now = System.nanoTime();
    int allowance = pacing.allowance(shopId, now);
    if (allowance < 1) {
      busyShops.put(shopId, PACED);
      timers.startSingleTimer(
          "pace/" + shopId,
          new PaceOver(shopId),
          Duration.ofNanos(pacing.nanosUntilOne(shopId, now)));
      return;
    }
    int most = Math.min(limits.maxBatch(), allowance);
    List<Waiting> batch = new ArrayList<>(Math.min(queue.size(), most));
    long bytes = 0;
    long earliest = Long.MAX_VALUE;
    while (!queue.isEmpty() && batch.size() < most) {
      Waiting next = queue.peek();
      if (!batch.isEmpty() && bytes + next.bytes() > limits.maxBatchBytes()) {
        break;
      }
      queue.poll();
      buffered--;
      if (next.deadline() - now <= 0) {
        next.submit().reply().complete(notStored());
        continue;
      }
      batch.add(next);
      bytes += next.bytes();
      earliest = Math.min(earliest, next.deadline());
    }
    unpark(shopId, queue);
    if (queue.isEmpty()) {
      waiting.remove(shopId);
    }
    if (batch.isEmpty()) {
      // Every order taken had expired. Parked orders just moved in with fresh patience: they go
      // now, or they would wait, and their streams with them, until that patience ran out too.
      if (!queue.isEmpty()) {
        send(shopId);
      }
      return;
    }
    pacing.sent(shopId, batch.size(), now);
    long batchId = ++nextBatchId;
    inFlight.put(batchId, new InFlight(shopId, batch, earliest));
    busyShops.put(shopId, batchId);
    List<Order> orders = new ArrayList<>(batch.size());
    for (Waiting w : batch) {
      orders.add(w.submit().order());
    }
    shops.send(shopId, batchId, orders, answers);
  }

  private Behavior<Command> onAnswered(BatchAnswered answered) {
    long batchId = answered.result().batchId();
    InFlight batch = inFlight.remove(batchId);
    if (batch == null) {
      return this; // answered after it was abandoned: its callers heard 503 long ago
    }
    if (!batch.answered) {
      List<Outcome<OrderReceipt>> outcomes = answered.result().outcomes();
      for (int i = 0; i < batch.orders.size(); i++) {
        batch.orders.get(i).submit().reply().complete(outcomes.get(i));
      }
    }
    release(batch.shopId, batchId);
    return this;
  }

  /**
   * Answers the orders of batches past their deadline 503 ("may have been stored"), and unblocks
   * the shops of batches answered so long ago that their shop's answer was lost.
   */
  private void expireInFlight(long now) {
    List<Map.Entry<Long, InFlight>> abandoned = new ArrayList<>(0);
    var each = inFlight.entrySet().iterator();
    while (each.hasNext()) {
      Map.Entry<Long, InFlight> entry = each.next();
      InFlight batch = entry.getValue();
      if (batch.deadline - now > 0) {
        continue;
      }
      if (!batch.answered) {
        batch.answered = true;
        batch.deadline = now + limits.abandonAfter().toNanos();
        Outcome<OrderReceipt> outcome =
            unavailable(
                "storage did not confirm in time: the order may have been stored; resend it with"
                    + " the same order ID");
        for (Waiting w : batch.orders) {
          w.submit().reply().complete(outcome);
        }
      } else {
        // The shop never answered (its command was lost in a restart): stop waiting for it.
        each.remove();
        abandoned.add(entry);
      }
    }
    for (Map.Entry<Long, InFlight> entry : abandoned) {
      release(entry.getValue().shopId, entry.getKey());
    }
  }

  /**
   * Moves a shop's parked orders into its queue while it has room, in their order. Their patience
   * starts again there: it bounds the wait for storage, which a batch's deadline answers 503 ("may
   * have been stored"), and an order parked for most of it would time its whole batch out.
   */
  private void unpark(String shopId, ArrayDeque<Waiting> queue) {
    ArrayDeque<Waiting> parkedOfShop = parked.get(shopId);
    if (parkedOfShop == null) {
      return;
    }
    int share = shareOf(shopId);
    long now = System.nanoTime();
    while (!parkedOfShop.isEmpty() && queue.size() < share && buffered < limits.maxBuffered()) {
      Waiting next = parkedOfShop.poll();
      queue.add(new Waiting(next.submit(), now + next.submit().patience().toNanos(), next.bytes()));
      parkedCount--;
      buffered++;
    }
    if (parkedOfShop.isEmpty()) {
      parked.remove(shopId);
    }
  }

  /** The shop's rate cap lets it send again. */
  private Behavior<Command> onPaceOver(PaceOver over) {
    Long busy = busyShops.get(over.shopId());
    if (busy != null && busy == PACED) {
      busyShops.remove(over.shopId());
      send(over.shopId());
    }
    return this;
  }

  private Behavior<Command> onSweep() {
    long now = System.nanoTime();
    pacing.forgetIdle(now, busyShops::containsKey);
    expireInFlight(now);
    if (buffered > 0) {
      buffered -= expire(waiting, now, notStored());
    }
    if (parkedCount > 0) {
      parkedCount -=
          expire(
              parked,
              now,
              Outcome.refused(
                  ErrorCode.RATE_LIMITED,
                  "not stored: its shop stayed over its share of intake; retry shortly"));
      // Room can free up without a batch of the shop returning (another shop went quiet, or the
      // node's buffer drained): move the shop's parked orders on.
      for (String shopId : List.copyOf(parked.keySet())) {
        unpark(shopId, waiting.computeIfAbsent(shopId, id -> new ArrayDeque<>()));
        if (waiting.get(shopId).isEmpty()) {
          waiting.remove(shopId);
        } else if (!busyShops.containsKey(shopId)) {
          send(shopId);
        }
      }
    }
    return this;
  }

  /** Answers the orders whose patience ran out; returns how many. */
  private static int expire(
      Map<String, ArrayDeque<Waiting>> queues, long now, Outcome<OrderReceipt> outcome) {
    int expired = 0;
    var each = queues.values().iterator();
    while (each.hasNext()) {
      ArrayDeque<Waiting> queue = each.next();
      var orders = queue.iterator();
      while (orders.hasNext()) {
        Waiting next = orders.next();
        if (next.deadline() - now <= 0) {
          orders.remove();
          expired++;
          next.submit().reply().complete(outcome);
        }
      }
      if (queue.isEmpty()) {
        each.remove();
      }
    }
    return expired;
  }

  private static Outcome<OrderReceipt> notStored() {
    return unavailable("not stored: intake is behind; retry shortly");
  }

  private void release(String shopId, long batchId) {
    Long busy = busyShops.get(shopId);
    if (busy != null && busy == batchId) {
      busyShops.remove(shopId);
      send(shopId);
    }
  }

  private static Outcome<OrderReceipt> unavailable(String detail) {
    return Outcome.refused(ErrorCode.UNAVAILABLE, detail);
  }
}
