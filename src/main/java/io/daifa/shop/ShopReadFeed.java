package io.daifa.shop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The shop's side of feeding the read side its routed batches, at least once and in sequence order,
 * without a tag: a tagged event is answered only after the journal plugin has also written its
 * tagged copy, a second durable write on every intake's path (docs/performance-history.md, "The
 * shops feed the read side"). After each write the batch goes to the node's read-side writer
 * ({@link ReadSidePort}); one message is in flight at a time, so the read side (and the agency's
 * high-water mark per shop) sees the batches in order. What the read side stored is written as a
 * mark in the shop's next batch ({@link ShopEvent.OrdersRouted#readSideThrough}); after a recovery
 * the batches after the mark are read back from the journal and sent again. Projecting a batch
 * twice changes nothing. Used on the entity's thread only.
 */
final class ShopReadFeed {

  private static final String TIMER = "feed-read-side";

  /** Batches per message to the writer: a message stays in memory, it is never serialized. */
  static final int BATCHES_PER_SEND = 64;

  /** Batches kept in memory while the read side lags; beyond, they are read back later. */
  static final int MAX_KEPT = 1_024;

  /**
   * How long a message may wait for its answer before it is sent again: the writer retries failed
   * groups itself, so this only covers a message lost with its node (the shop then recovers
   * elsewhere and reads back anyway) — it must exceed the writer's queue under load.
   */
  static final Duration RESEND_AFTER = Duration.ofSeconds(30);

  /** Journal events one read back reads at most. */
  static final int READ_BACK_EVENTS = 256;

  private final String shopId;
  private final ReadSidePort port;
  private final ActorContext<ShopCommand> context;
  private final TimerScheduler<ShopCommand> timers;
  private final Duration tickEvery;

  /** Owed batches kept in memory, in sequence order, from the first not yet projected. */
  private final ArrayDeque<OwedBatch> owed = new ArrayDeque<>();

  /** Every batch up to here is projected (acknowledged by the writer, or read back as none). */
  private long projectedThrough;

  /**
   * When positive: the batches from here on are not in memory (after a recovery, or while the read
   * side lagged too far) and are read back from the journal once those in memory are projected.
   * Batches written meanwhile are not kept either: the read back finds them.
   */
  private long readBackFrom;

  private boolean readingBack;

  /** The sequence number of the last batch written. */
  private long lastWritten;

  /** The last batch of the message in flight, or 0. */
  private long sentThrough;

  private long sentAtNanos;

  ShopReadFeed(
      String shopId,
      ReadSidePort port,
      ActorContext<ShopCommand> context,
      TimerScheduler<ShopCommand> timers,
      Duration tickEvery) {
    this.shopId = shopId;
    this.port = port;
    this.context = context;
    this.timers = timers;
    this.tickEvery = tickEvery;
  }

  /**
   * After recovery: the batches after the last written mark, if any event came after it, are owed
   * and read back from the journal.
   */
  void recovered(long markThrough, long lastSeqNr) {
    projectedThrough = markThrough;
    lastWritten = lastSeqNr;
    readBackFrom = lastSeqNr > markThrough ? markThrough + 1 : 0;
    sendOrReadBack();
  }

  /** The mark the next batch writes: the read side stored every batch through it. */
  long projectedThrough() {
    return projectedThrough;
  }

  /** Whether every batch written is known projected (the shop may then leave). */
  boolean owesNothing() {
    return owed.isEmpty() && readBackFrom == 0;
  }

  /** After batch {@code seqNr} was written. */
  void written(long seqNr, ShopEvent.OrdersRouted batch) {
    lastWritten = seqNr;
    if (readBackFrom == 0 && owed.size() >= MAX_KEPT) {
      // The read side is far behind: stop keeping batches; they are read back when it catches up.
      readBackFrom = owed.peekFirst().seqNr();
      owed.clear();
    }
    if (readBackFrom == 0) {
      owed.addLast(new OwedBatch(seqNr, batch));
    }
    sendOrReadBack();
  }

  /** The writer stored the batches through {@code seqNr}. */
  void projected(long seqNr) {
    projectedThrough = Math.max(projectedThrough, seqNr);
    while (!owed.isEmpty() && owed.peekFirst().seqNr() <= projectedThrough) {
      owed.removeFirst();
    }
    if (sentThrough != 0 && seqNr >= sentThrough) {
      sentThrough = 0;
    }
    sendOrReadBack();
  }

  /** A read back ended (it starts only when no batch is kept in memory). */
  void readBackEnded(ReadSidePort.ReadBack result, Throwable error) {
    readingBack = false;
    if (error != null) {
      context
          .getLog()
          .warn("Shop {}: reading back batches for the read side failed", shopId, error);
      ensureTimer(); // the next tick reads back again
      return;
    }
    for (OwedBatch batch : result.batches()) {
      if (batch.seqNr() > projectedThrough) {
        owed.addLast(batch);
      }
    }
    if (owed.isEmpty()) {
      projectedThrough = Math.max(projectedThrough, result.readThrough());
    }
    boolean caughtUp = result.complete() && lastWritten <= result.readThrough();
    readBackFrom = caughtUp ? 0 : Math.max(readBackFrom, result.readThrough() + 1);
    sendOrReadBack();
  }

  /** The timer: send again what waited too long for its answer, or read back again. */
  void tick() {
    if (sentThrough != 0 && System.nanoTime() - sentAtNanos >= RESEND_AFTER.toNanos()) {
      sentThrough = 0;
    }
    sendOrReadBack();
  }

  private void sendOrReadBack() {
    if (sentThrough == 0 && !owed.isEmpty()) {
      List<OwedBatch> message = new ArrayList<>(Math.min(owed.size(), BATCHES_PER_SEND));
      for (OwedBatch batch : owed) {
        if (message.size() == BATCHES_PER_SEND) {
          break;
        }
        message.add(batch);
      }
      sentThrough = message.get(message.size() - 1).seqNr();
      sentAtNanos = System.nanoTime();
      port.project(shopId, message, context.getSelf());
    } else if (owed.isEmpty() && readBackFrom > 0 && !readingBack && sentThrough == 0) {
      // Only once the read side answered what was in flight: it is keeping up again.
      readBackFrom = Math.max(readBackFrom, projectedThrough + 1);
      readingBack = true;
      context.pipeToSelf(
          port.readBack(shopId, readBackFrom, READ_BACK_EVENTS), ShopCommand.ReadSideReadBack::new);
    }
    if (owesNothing()) {
      timers.cancel(TIMER);
    } else {
      ensureTimer();
    }
  }

  private void ensureTimer() {
    if (!timers.isTimerActive(TIMER)) {
      timers.startTimerWithFixedDelay(TIMER, ShopCommand.FeedReadSide.INSTANCE, tickEvery);
    }
  }
}
