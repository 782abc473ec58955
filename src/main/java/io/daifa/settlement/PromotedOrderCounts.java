package io.daifa.settlement;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How many orders a buyer paid an agency around a time, for one settlement run's burst rule (SPEC
 * §10). An agency's hour is read whole ({@link SettlementStore#promotedOrders}) and kept while the
 * run needs it: a run's lines are in order-ID order, not time order, so the hours of one page
 * repeat in the next. The hours kept hold at most {@link #MAX_KEPT_ORDERS} orders (the least
 * recently asked hour goes first); an hour is read again if asked after that.
 */
final class PromotedOrderCounts {

  /** About 32 MB of payment times, plus the buyers' IDs. */
  static final long MAX_KEPT_ORDERS = 4_000_000;

  private final SettlementStore store;

  /** Each agency's hour by "agency/hour", least recently asked first. */
  private final Map<String, CompletableFuture<PromotedOrderIndex>> hours =
      new LinkedHashMap<>(16, 0.75f, true);

  PromotedOrderCounts(SettlementStore store) {
    this.store = store;
  }

  /** Orders from this buyer to this agency paid between {@code from} and {@code to} (included). */
  CompletionStage<Long> count(String agencyId, String buyerId, Instant from, Instant to) {
    CompletionStage<Long> total = store.legacyBuyerOrders(agencyId, buyerId, from, to);
    for (long hour : BuyerOrderHours.between(from, to)) {
      total = total.thenCombine(hour(agencyId, hour), (sum, h) -> sum + h.count(buyerId, from, to));
    }
    return total;
  }

  private synchronized CompletableFuture<PromotedOrderIndex> hour(String agencyId, long hour) {
    String key = agencyId + "/" + hour;
    CompletableFuture<PromotedOrderIndex> kept = hours.get(key);
    if (kept == null) {
      kept = store.promotedOrders(agencyId, hour).toCompletableFuture();
      hours.put(key, kept);
      // A failed read is not kept: the next page asks Cassandra again.
      kept.whenComplete((index, failure) -> forgetIfFailed(key, failure));
      keepWithinBound();
    }
    return kept;
  }

  private synchronized void forgetIfFailed(String key, Throwable failure) {
    if (failure != null) {
      hours.remove(key);
    }
  }

  /** Drops the least recently asked hours read so far while more than the bound are kept. */
  private void keepWithinBound() {
    long kept = 0;
    for (CompletableFuture<PromotedOrderIndex> hour : hours.values()) {
      kept += size(hour);
    }
    Iterator<CompletableFuture<PromotedOrderIndex>> eldest = hours.values().iterator();
    while (kept > MAX_KEPT_ORDERS && eldest.hasNext()) {
      CompletableFuture<PromotedOrderIndex> hour = eldest.next();
      if (hour.isDone()) {
        kept -= size(hour);
        eldest.remove();
      }
    }
  }

  private static long size(CompletableFuture<PromotedOrderIndex> hour) {
    return hour.isDone() && !hour.isCompletedExceptionally() ? hour.join().size() : 0;
  }
}
