package io.daifa.supplier;

import io.daifa.order.DropshipDispatch;
import io.daifa.supplier.SupplierCommand.ReceiveDispatches;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries a supplier has taken and not yet written (group commit). A supplier hears from
 * every shop bound to it, one delivery per intake batch of each; written one by one, a supplier of
 * many busy shops falls behind, its held-back commands overflow and the shops' resends make it
 * worse. Instead, every delivery that arrives while a write is in flight waits here and goes into
 * the next write, in one event. Not state: a delivery lost in a crash before its write was never
 * acknowledged, and its shop sends it again.
 */
final class UnwrittenDeliveries {

  /**
   * A supplier's event stays under this, like a shop's intake batch: well under the 256 KiB of a
   * message between nodes.
   */
  static final long MAX_EVENT_BYTES = 192 * 1024;

  private record Waiting(ReceiveDispatches delivery, long bytes) {}

  /**
   * A write asked for this long ago and not done is asked for again: Pekko drops what arrives for
   * an entity whose held-back commands are full, the request to itself included, and the shops send
   * what is not acknowledged again every few seconds, so the next delivery asks again.
   */
  static final long ASK_AGAIN_NANOS = 1_000_000_000L;

  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private boolean writeAsked;
  private long askedAtNanos;

  /**
   * Adds a delivery; true when a write has to be asked for: none is asked yet, or the one asked for
   * {@link #ASK_AGAIN_NANOS} ago has not come. The caller asks for it by a message to itself: the
   * deliveries held back during the current write come before it.
   */
  boolean add(ReceiveDispatches delivery, long nowNanos) {
    waiting.add(new Waiting(delivery, delivery.bytes()));
    if (writeAsked && nowNanos - askedAtNanos < ASK_AGAIN_NANOS) {
      return false;
    }
    writeAsked = true;
    askedAtNanos = nowNanos;
    return true;
  }

  /**
   * The next deliveries to write together, in arrival order: the first, then all that fit in one
   * event. When some remain, {@link #moreToWrite} says so and a write is still asked for.
   */
  List<ReceiveDispatches> take(long nowNanos) {
    List<ReceiveDispatches> taken = new ArrayList<>();
    long bytes = 0;
    while (!waiting.isEmpty()
        && (taken.isEmpty() || bytes + waiting.peek().bytes() <= MAX_EVENT_BYTES)) {
      Waiting next = waiting.poll();
      taken.add(next.delivery());
      bytes += next.bytes();
    }
    writeAsked = !waiting.isEmpty();
    askedAtNanos = nowNanos;
    return taken;
  }

  /** True after {@link #take} left deliveries for another write. */
  boolean moreToWrite() {
    return writeAsked;
  }

  /** Forgets everything (a restart): the shops send what was not acknowledged again. */
  void clear() {
    waiting.clear();
    writeAsked = false;
  }

  /** The dispatches of these deliveries, in order (the supplier keeps the unseen ones, once). */
  static List<DropshipDispatch> dispatches(List<ReceiveDispatches> deliveries) {
    List<DropshipDispatch> all = new ArrayList<>();
    deliveries.forEach(delivery -> all.addAll(delivery.dispatches()));
    return all;
  }

  /** The latest send time of these deliveries: the receipt is stamped after all of them. */
  static Instant latestSentAt(List<ReceiveDispatches> deliveries) {
    Instant latest = null;
    for (ReceiveDispatches delivery : deliveries) {
      Instant sentAt = delivery.sentAt();
      if (sentAt != null && (latest == null || sentAt.isAfter(latest))) {
        latest = sentAt;
      }
    }
    return latest;
  }

  /** Tells each delivery's shop that its dispatches are stored (or were already). */
  static void acknowledge(ShopPort shops, List<ReceiveDispatches> deliveries) {
    for (ReceiveDispatches delivery : deliveries) {
      shops.acknowledgeDispatches(
          delivery.shopId(),
          delivery.dispatches().stream().map(DropshipDispatch::dispatchId).toList());
    }
  }
}
