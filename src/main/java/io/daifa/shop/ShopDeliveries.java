package io.daifa.shop;

import io.daifa.common.EntitySettings;
import io.daifa.common.HybridTime;
import io.daifa.common.Redelivery;
import io.daifa.order.DropshipDispatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The shop's side of delivering dispatches to suppliers, at least once: what is owed is the state's
 * pending dispatches; this sends them (one message per supplier), sends them again until
 * acknowledged, and collects the acknowledgements for the next write to confirm. Used on the
 * entity's thread only.
 */
final class ShopDeliveries {

  /**
   * Dispatch IDs one event confirms at most: about 40 KiB ({@code d} and up to 19 digits each),
   * which with a batch's 192 KiB of orders keeps the event under 256 KiB.
   */
  static final int MAX_CONFIRMED_PER_EVENT = 2_000;

  private final String shopId;
  private final Clock clock;
  private final SupplierPort suppliers;
  private final Redelivery<ShopCommand, DropshipDispatch> redelivery;
  private final TimerScheduler<ShopCommand> timers;

  /**
   * Acknowledged, not yet confirmed in the journal. Not state: losing them in a crash only means
   * that those dispatches are sent again, and suppliers ignore what they have.
   */
  private final Set<String> acknowledged = new LinkedHashSet<>();

  /**
   * The stamp of the last event applied (the state's {@code lastAt}): deliveries leave after the
   * state that owes them, and a supplier stamps its receipt after it, so that nothing it does to a
   * line is timed before the line's routing ({@link HybridTime}).
   */
  private Instant lastStamp;

  ShopDeliveries(
      String shopId,
      EntitySettings settings,
      Clock clock,
      SupplierPort suppliers,
      TimerScheduler<ShopCommand> timers) {
    this.shopId = shopId;
    this.clock = clock;
    this.suppliers = suppliers;
    this.redelivery =
        new Redelivery<>(
            timers,
            ShopCommand.Redeliver.INSTANCE,
            settings,
            DropshipDispatch::dispatchId,
            this::send);
    this.timers = timers;
  }

  /** After an event is applied (or a snapshot recovered): deliveries leave after {@code at}. */
  void stampedAt(Instant at) {
    lastStamp = at;
  }

  /** After a persist that made these owed: they go out now, and again until acknowledged. */
  void afterPersist(List<DropshipDispatch> owed) {
    redelivery.afterPersist(owed);
  }

  /** After recovery: what is owed goes out again. */
  void resend(ShopState state) {
    redelivery.resend(state.pendingDispatches().values());
  }

  /** A redelivery tick after {@code confirmed} were written: what is still owed goes again. */
  void resendAfterConfirming(ShopState state, List<String> confirmed) {
    afterConfirming(state, confirmed);
    redelivery.resend(
        state.pendingDispatches().values().stream()
            .filter(d -> !acknowledged.contains(d.dispatchId()))
            .toList());
  }

  /**
   * After a write that confirmed {@code confirmed} outside intake: if more acknowledgements wait
   * than it could hold, the next such write is asked for now ({@link
   * ShopCommand.ConfirmAcknowledged}) rather than at the next redelivery tick. Before, a quiet shop
   * with more than 2,000 acknowledgements confirmed 2,000 a tick, and none after a tick whose
   * remaining dispatches were all acknowledged: nothing was left to send, so the tick's timer
   * stopped, and the rest waited for the shop's next order.
   */
  void afterConfirming(ShopState state, List<String> confirmed) {
    confirmed(confirmed);
    if (acknowledged.stream().anyMatch(state.pendingDispatches()::containsKey)) {
      timers.startSingleTimer(ShopCommand.ConfirmAcknowledged.INSTANCE, Duration.ZERO);
    }
  }

  /** Remembers a supplier's acknowledgement of dispatches still pending, without writing. */
  void acknowledge(ShopState state, List<String> dispatchIds) {
    for (String dispatchId : dispatchIds) {
      if (state.pendingDispatches().containsKey(dispatchId)) {
        acknowledged.add(dispatchId);
      }
    }
  }

  /**
   * The acknowledgements the next write confirms: at most {@link #MAX_CONFIRMED_PER_EVENT}, so that
   * an event full of orders stays under 256 KiB with them; the rest go with the next write.
   */
  List<String> toConfirm(ShopState state) {
    return acknowledged.stream()
        .filter(state.pendingDispatches()::containsKey)
        .limit(MAX_CONFIRMED_PER_EVENT)
        .toList();
  }

  /**
   * Drops acknowledgements now confirmed in the journal, one by one: {@code removeAll} with a list
   * as large as the set walks the set and searches the list for each element, quadratic in the
   * acknowledgements of a write (8 % of the pipeline's CPU samples with 500-order batches).
   */
  void confirmed(List<String> dispatchIds) {
    for (String dispatchId : dispatchIds) {
      acknowledged.remove(dispatchId);
    }
  }

  /** One message per supplier for all its dispatches in the batch. */
  private void send(List<DropshipDispatch> dispatches) {
    Map<String, List<DropshipDispatch>> bySupplier = new LinkedHashMap<>();
    for (DropshipDispatch dispatch : dispatches) {
      bySupplier.computeIfAbsent(dispatch.supplierId(), s -> new ArrayList<>()).add(dispatch);
    }
    Instant sentAt = HybridTime.after(clock.instant(), lastStamp);
    bySupplier.forEach((supplierId, batch) -> suppliers.deliver(supplierId, shopId, batch, sentAt));
  }
}
