package io.daifa.shop;

import io.daifa.common.CborSerializable;
import io.daifa.common.DedupWindow;
import io.daifa.common.HybridTime;
import io.daifa.common.OwnedMap;
import io.daifa.common.Persistent;
import io.daifa.market.MonthlyBook;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import io.daifa.policy.ShanghaiCalendar;
import io.daifa.routing.AllocationTable;
import io.daifa.shop.OrderReceipt.SupplierLines;
import io.daifa.shop.ShopEvent.AllocationModeChanged;
import io.daifa.shop.ShopEvent.DispatchesConfirmed;
import io.daifa.shop.ShopEvent.InviteCreated;
import io.daifa.shop.ShopEvent.LineAssignmentRecorded;
import io.daifa.shop.ShopEvent.LinesReturned;
import io.daifa.shop.ShopEvent.OrderRouted;
import io.daifa.shop.ShopEvent.OrdersRouted;
import io.daifa.shop.ShopEvent.ProductRouteRemoved;
import io.daifa.shop.ShopEvent.ProductRouteSet;
import io.daifa.shop.ShopEvent.QueuedLineDispatched;
import io.daifa.shop.ShopEvent.ShopRegistered;
import io.daifa.shop.ShopEvent.SupplierBound;
import io.daifa.shop.ShopEvent.SupplierUnbound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcollections.PMap;

/**
 * A shop's state, immutable but for {@link SeenOrders}, which grows in place, and the pending
 * dispatches (an {@link OwnedMap}), changed in place (see {@link #copyForReaders}). It holds only
 * what is open: bindings, the allocation table, the manual queue, dispatches not yet acknowledged,
 * and time windows for de-duplication (orders, invites, supplier notices). Settled history lives in
 * the journal and the read side.
 *
 * @param name null until the shop is registered
 * @param dispatchSeq the number of dispatches ever created; the next one is {@code d<seq+1>}
 * @param processed what was already done, for idempotence: supplier notice IDs, and {@link
 *     #refundKey refund keys} of lines refunded from the manual queue
 * @param readSideThrough every routed batch of the shop up to this sequence number is known to be
 *     projected (the latest mark written, {@link OrdersRouted#readSideThrough}); a recovery feeds
 *     the read side the batches after it again
 */
public record ShopState(
    String shopId,
    String name,
    AllocationTable allocation,
    Map<String, Binding> bindings,
    DedupWindow<Invite> invites,
    Map<String, QueuedLine> manualQueue,
    SeenOrders recentOrders,
    Map<String, DropshipDispatch> pendingDispatches,
    long dispatchSeq,
    DedupWindow<Boolean> processed,
    Instant lastAt,
    Map<String, MarketPick> picks,
    MonthlyBook gmv,
    long readSideThrough)
    implements CborSerializable {

  public record Binding(Instant boundAt, BindingVia via) {}

  /** An invite; {@code usedBy} is the supplier that accepted it, null while unused. */
  public record Invite(Instant expiresAt, String usedBy) {}

  public ShopState {
    bindings = Persistent.map(bindings);
    manualQueue = Persistent.map(manualQueue);
    pendingDispatches = OwnedMap.of(pendingDispatches);
    picks = Persistent.map(picks == null ? Map.of() : picks);
    gmv = gmv == null ? MonthlyBook.EMPTY : gmv;
  }

  public static ShopState empty(String shopId, Duration inviteTtl, Duration orderWindow) {
    return new ShopState(
        shopId,
        null,
        AllocationTable.empty(),
        Map.of(),
        DedupWindow.of(inviteTtl),
        Map.of(),
        SeenOrders.of(orderWindow),
        Map.of(),
        0,
        DedupWindow.of(orderWindow),
        null,
        Map.of(),
        MonthlyBook.EMPTY,
        0);
  }

  /**
   * The key in {@link #processed} of a supplier's notice. Each supplier numbers its notices itself
   * ({@code n1}, {@code n2}, …), so the same ID from two suppliers is two notices: keyed by the ID
   * alone, the second supplier's was taken for a resend of the first's and dropped.
   */
  public static String noticeKey(String supplierId, String noticeId) {
    return "notice:" + supplierId + "/" + noticeId;
  }

  /** Whether the supplier's notice was recorded before. */
  public boolean hasProcessed(String supplierId, String noticeId) {
    return processed.contains(noticeKey(supplierId, noticeId));
  }

  /** The key in {@link #processed} of a line refunded while it waited in the manual queue. */
  public static String refundKey(String orderId, String lineId) {
    return "refund:" + AllocationTable.lineKey(orderId, lineId);
  }

  /**
   * This state with its own copy of the orders seen, which this entity goes on adding to: for a
   * snapshot, or an answer read on another thread.
   */
  public ShopState copyForReaders() {
    return new ShopState(
        shopId,
        name,
        allocation,
        bindings,
        invites,
        manualQueue,
        recentOrders.copy(),
        pending().copy(),
        dispatchSeq,
        processed,
        lastAt,
        picks,
        gmv,
        readSideThrough);
  }

  /** The pending dispatches, changed in place by the event being applied (see {@link OwnedMap}). */
  private OwnedMap<String, DropshipDispatch> pending() {
    return (OwnedMap<String, DropshipDispatch>) pendingDispatches;
  }

  private OwnedMap<String, DropshipDispatch> withPending(DropshipDispatch dispatch) {
    OwnedMap<String, DropshipDispatch> pending = pending();
    pending.put(dispatch.dispatchId(), dispatch);
    return pending;
  }

  /**
   * The time to stamp this shop's next event with: the clock's, but never before a microsecond
   * after the last event it stamped ({@link HybridTime}); {@code lastAt} is null in a state from
   * before the field existed.
   */
  public Instant stamp(Clock clock) {
    return HybridTime.after(clock.instant(), lastAt);
  }

  /** This state having applied an event stamped {@code at}. */
  ShopState stamped(Instant at) {
    Instant latest = HybridTime.latest(lastAt, at);
    if (latest == lastAt) {
      return this;
    }
    return new ShopState(
        shopId,
        name,
        allocation,
        bindings,
        invites,
        manualQueue,
        recentOrders,
        pendingDispatches,
        dispatchSeq,
        processed,
        latest,
        picks,
        gmv,
        readSideThrough);
  }

  public boolean isRegistered() {
    return name != null;
  }

  public String dispatchId(long seq) {
    return "d" + seq;
  }

  /** The answer for an order routed with this result. */
  static OrderReceipt receipt(
      String orderId, List<DropshipDispatch> dispatches, List<QueuedLine> queued) {
    List<SupplierLines> groups = new ArrayList<>(dispatches.size());
    for (DropshipDispatch dispatch : dispatches) {
      groups.add(new SupplierLines(dispatch.supplierId(), dispatch.lineIds()));
    }
    List<String> manual =
        queued.isEmpty() ? List.of() : queued.stream().map(QueuedLine::lineId).toList();
    return new OrderReceipt(
        orderId, manual.isEmpty() ? OrderStatus.ALLOCATED : OrderStatus.PAID, groups, manual);
  }

  public ShopState apply(ShopEvent event) {
    if (event instanceof ShopRegistered e) {
      return with(e.name(), allocation, bindings, invites, manualQueue);

    } else if (event instanceof InviteCreated e) {
      return with(
          name,
          allocation,
          bindings,
          invites.plus(e.token(), new Invite(e.expiresAt(), null), e.at()),
          manualQueue);

    } else if (event instanceof SupplierBound e) {
      return applyBound(e);

    } else if (event instanceof SupplierUnbound e) {
      return with(
              name,
              allocation.withSupplierUnbound(e.supplierId()),
              pmap(bindings).minus(e.supplierId()),
              invites,
              manualQueue)
          .withPicks(picksWithout(e.supplierId()));

    } else if (event instanceof ShopEvent.ProductPicked e) {
      return applyPicked(e);

    } else if (event instanceof ShopEvent.PickCommissionChanged e) {
      MarketPick pick = picks.get(e.productId());
      ShopState next =
          pick == null
              ? this
              : withPicks(
                  pmap(picks)
                      .plus(
                          e.productId(),
                          pick.withRate(io.daifa.money.BasisPoints.of(e.commissionRateBp()))));
      return next.withProcessed(
          noticeKey(io.daifa.market.ProductId.supplierOf(e.productId()), e.noticeId()), e.at());

    } else if (event instanceof ShopEvent.ProductUnpicked e) {
      return with(
              name,
              e.removesRoute() ? allocation.withoutProductRoute(e.spuId()) : allocation,
              bindings,
              invites,
              manualQueue)
          .withPicks(pmap(picks).minus(e.productId()));

    } else if (event instanceof AllocationModeChanged e) {
      return with(
          name,
          allocation.withMode(e.mode(), e.supplierId(), e.backups(), e.at()),
          bindings,
          invites,
          manualQueue);

    } else if (event instanceof ProductRouteSet e) {
      return with(
          name,
          allocation.withProductRoute(e.spuId(), e.supplierId(), e.backups(), e.at()),
          bindings,
          invites,
          manualQueue);

    } else if (event instanceof ProductRouteRemoved e) {
      return with(name, allocation.withoutProductRoute(e.spuId()), bindings, invites, manualQueue);

    } else if (event instanceof ShopEvent.SkuRouteSet e) {
      return with(
          name,
          allocation.withSkuRoute(e.spuId(), e.skuId(), e.supplierId(), e.backups(), e.at()),
          bindings,
          invites,
          manualQueue);

    } else if (event instanceof ShopEvent.SkuRouteRemoved e) {
      return with(
          name, allocation.withoutSkuRoute(e.spuId(), e.skuId()), bindings, invites, manualQueue);

    } else if (event instanceof OrdersRouted e) {
      return applyRouted(
          e.orders(),
          e.confirmedDispatchIds(),
          e.at(),
          Math.max(readSideThrough, e.readSideThrough()));

    } else if (event instanceof OrderRouted e) {
      return applyRouted(ShopEvent.routedOrders(e), List.of(), e.at(), readSideThrough);

    } else if (event instanceof LineAssignmentRecorded e) {
      return with(
          name,
          allocation.withManualAssignment(e.orderId(), e.lineId(), e.supplierId(), e.at()),
          bindings,
          invites,
          manualQueue);

    } else if (event instanceof QueuedLineDispatched e) {
      return applyQueuedLineDispatched(e);

    } else if (event instanceof LinesReturned e) {
      return applyReturned(e);

    } else if (event instanceof ShopEvent.QueuedLinesRefunded e) {
      PMap<String, QueuedLine> queue = pmap(manualQueue);
      DedupWindow<Boolean> done = processed;
      for (String lineId : e.lineIds()) {
        queue = queue.minus(AllocationTable.lineKey(e.orderId(), lineId));
        done = done.plus(refundKey(e.orderId(), lineId), true, e.at());
      }
      return new ShopState(
          shopId,
          name,
          allocation,
          bindings,
          invites,
          queue,
          recentOrders,
          pendingDispatches,
          dispatchSeq,
          done,
          lastAt,
          picks,
          gmv,
          readSideThrough);
    } else if (event instanceof DispatchesConfirmed e) {
      OwnedMap<String, DropshipDispatch> pending = pending();
      pending.removeEach(e.dispatchIds());
      return new ShopState(
          shopId,
          name,
          allocation,
          bindings,
          invites,
          manualQueue,
          recentOrders,
          pending,
          dispatchSeq,
          processed,
          lastAt,
          picks,
          gmv,
          readSideThrough);
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private ShopState applyPicked(ShopEvent.ProductPicked e) {
    MarketPick pick = e.pick();
    AllocationTable table = allocation;
    Map<String, Binding> bound = bindings;
    if (e.binds()) {
      table = table.withSupplierBound(pick.supplierId());
      bound = pmap(bindings).plus(pick.supplierId(), new Binding(e.at(), BindingVia.MARKET_PICK));
    }
    return with(
            name,
            table.withProductRoute(pick.spuId(), pick.supplierId(), List.of(), e.at()),
            bound,
            invites,
            manualQueue)
        .withPicks(pmap(picks).plus(pick.productId(), pick));
  }

  /** Picks of other suppliers than {@code supplierId}: unbinding it drops its products. */
  private Map<String, MarketPick> picksWithout(String supplierId) {
    PMap<String, MarketPick> kept = pmap(picks);
    for (MarketPick pick : picks.values()) {
      if (pick.supplierId().equals(supplierId)) {
        kept = kept.minus(pick.productId());
      }
    }
    return kept;
  }

  private ShopState withProcessed(String key, Instant at) {
    return new ShopState(
        shopId,
        name,
        allocation,
        bindings,
        invites,
        manualQueue,
        recentOrders,
        pendingDispatches,
        dispatchSeq,
        processed.plus(key, true, at),
        lastAt,
        picks,
        gmv,
        readSideThrough);
  }

  private ShopState withPicks(Map<String, MarketPick> next) {
    return new ShopState(
        shopId,
        name,
        allocation,
        bindings,
        invites,
        manualQueue,
        recentOrders,
        pendingDispatches,
        dispatchSeq,
        processed,
        lastAt,
        next,
        gmv,
        readSideThrough);
  }

  private ShopState applyBound(SupplierBound e) {
    DedupWindow<Invite> inv = invites;
    if (e.via() == BindingVia.INVITE) {
      Invite invite = invites.get(e.reference());
      inv = invites.plus(e.reference(), new Invite(invite.expiresAt(), e.supplierId()), e.at());
    }
    DedupWindow<Boolean> notices =
        e.noticeId() == null
            ? processed
            : processed.plus(noticeKey(e.supplierId(), e.noticeId()), true, e.at());
    return new ShopState(
        shopId,
        name,
        allocation.withSupplierBound(e.supplierId()),
        pmap(bindings).plus(e.supplierId(), new Binding(e.at(), e.via())),
        inv,
        manualQueue,
        recentOrders,
        pendingDispatches,
        dispatchSeq,
        notices,
        lastAt,
        picks,
        gmv,
        readSideThrough);
  }

  private ShopState applyRouted(
      List<RoutedOrder> orders, List<String> confirmed, Instant at, long projectedThrough) {
    PMap<String, QueuedLine> queue = pmap(manualQueue);
    OwnedMap<String, DropshipDispatch> pending = pending();
    pending.removeEach(confirmed);
    AllocationTable table = allocation;
    long seq = dispatchSeq;
    MonthlyBook.Delta sold = new MonthlyBook.Delta();
    for (RoutedOrder routed : orders) {
      String month = ShanghaiCalendar.monthKeyOf(routed.order().paidAt());
      for (QueuedLine queued : routed.queued()) {
        queue = queue.plus(AllocationTable.lineKey(queued.orderId(), queued.lineId()), queued);
        sold.add(month, null, queued.line().userPaid().value());
      }
      for (DropshipDispatch dispatch : routed.dispatches()) {
        pending.put(dispatch.dispatchId(), dispatch);
        for (OrderLine line : dispatch.lines()) {
          sold.add(month, dispatch.supplierId(), line.userPaid().value());
        }
      }
      seq += routed.dispatches().size();
      table = table.withoutManualAssignments(routed.order());
      recentOrders.add(routed, at);
    }
    return new ShopState(
        shopId,
        name,
        table,
        bindings,
        invites,
        queue,
        recentOrders,
        pending,
        seq,
        processed,
        lastAt,
        picks,
        gmv.plus(sold),
        projectedThrough);
  }

  private ShopState applyQueuedLineDispatched(QueuedLineDispatched e) {
    DropshipDispatch dispatch = e.dispatch();
    PMap<String, QueuedLine> queue = pmap(manualQueue);
    MonthlyBook.Delta moved = new MonthlyBook.Delta();
    String month = ShanghaiCalendar.monthKeyOf(dispatch.paidAt());
    for (OrderLine line : dispatch.lines()) {
      queue = queue.minus(AllocationTable.lineKey(dispatch.orderId(), line.lineId()));
      moved.shiftKey(month, dispatch.supplierId(), line.userPaid().value());
    }
    return new ShopState(
        shopId,
        name,
        allocation,
        bindings,
        invites,
        queue,
        recentOrders,
        withPending(dispatch),
        dispatchSeq + 1,
        processed,
        lastAt,
        picks,
        gmv.plus(moved),
        readSideThrough);
  }

  private ShopState applyReturned(LinesReturned e) {
    PMap<String, QueuedLine> queue = pmap(manualQueue);
    MonthlyBook.Delta returned = new MonthlyBook.Delta();
    for (QueuedLine line : e.lines()) {
      queue = queue.plus(AllocationTable.lineKey(line.orderId(), line.lineId()), line);
      returned.shiftKey(
          ShanghaiCalendar.monthKeyOf(line.paidAt()),
          e.supplierId(),
          -line.line().userPaid().value());
    }
    OwnedMap<String, DropshipDispatch> pending = pending();
    for (DropshipDispatch backup : e.rerouted()) {
      pending.put(backup.dispatchId(), backup);
      String month = ShanghaiCalendar.monthKeyOf(backup.paidAt());
      for (OrderLine line : backup.lines()) {
        returned.shiftKey(month, e.supplierId(), -line.userPaid().value());
        returned.shiftKey(month, backup.supplierId(), line.userPaid().value());
      }
    }
    return new ShopState(
        shopId,
        name,
        allocation,
        bindings,
        invites,
        queue,
        recentOrders,
        pending,
        dispatchSeq + e.rerouted().size(),
        processed.plus(noticeKey(e.supplierId(), e.noticeId()), true, e.at()),
        lastAt,
        picks,
        gmv.plus(returned),
        readSideThrough);
  }

  private ShopState with(
      String name,
      AllocationTable allocation,
      Map<String, Binding> bindings,
      DedupWindow<Invite> invites,
      Map<String, QueuedLine> manualQueue) {
    return new ShopState(
        shopId,
        name,
        allocation,
        bindings,
        invites,
        manualQueue,
        recentOrders,
        pendingDispatches,
        dispatchSeq,
        processed,
        lastAt,
        picks,
        gmv,
        readSideThrough);
  }

  private static <K, V> PMap<K, V> pmap(Map<K, V> map) {
    return Persistent.map(map);
  }
}
