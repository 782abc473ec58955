package io.daifa.shop;

import io.daifa.common.Ack;
import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ModeChange;
import io.daifa.shop.ShopEvent.AllocationModeChanged;
import io.daifa.shop.ShopEvent.ProductRouteRemoved;
import io.daifa.shop.ShopEvent.ProductRouteSet;
import io.daifa.shop.ShopEvent.ShopRegistered;
import io.daifa.shop.ShopEvent.SkuRouteRemoved;
import io.daifa.shop.ShopEvent.SkuRouteSet;
import io.daifa.shop.ShopEvent.SupplierBound;
import io.daifa.shop.ShopEvent.SupplierUnbound;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The shop's decisions about itself and its rules, free of actor plumbing: registration, unbinding
 * a supplier, the allocation mode and the product routes (SPEC §3). Each answers with the event to
 * persist, or a refusal, or nothing to do; {@link ShopEntity} persists and replies.
 */
final class ShopSetup {

  private final String shopId;
  private final Clock clock;

  ShopSetup(String shopId, Clock clock) {
    this.shopId = shopId;
    this.clock = clock;
  }

  static <T> Outcome<T> unknownShop() {
    return Outcome.refused(ErrorCode.NOT_FOUND, "no such shop");
  }

  /** Registering twice changes nothing. */
  Decision<ShopEvent, Ack> register(ShopState state, String name) {
    return state.isRegistered()
        ? Decision.answer(Outcome.done(Ack.INSTANCE))
        : Decision.persist(new ShopRegistered(shopId, name, state.stamp(clock)), Ack.INSTANCE);
  }

  /**
   * A binding the supplier approved on the shop's application, or null when there is nothing to
   * record: the notice was recorded before, or the shop is unknown.
   */
  SupplierBound bindingApproved(ShopState state, ShopCommand.ConfirmBindingApproval notice) {
    if (!state.isRegistered() || state.hasProcessed(notice.supplierId(), notice.noticeId())) {
      return null;
    }
    return new SupplierBound(
        shopId,
        notice.supplierId(),
        BindingVia.APPLICATION,
        notice.requestId(),
        notice.noticeId(),
        state.stamp(clock));
  }

  /** The shop's GMV of a Shanghai month. */
  Outcome<ShopStats> stats(ShopState state, String month) {
    return state.isRegistered()
        ? Outcome.done(ShopStats.of(shopId, month, state.gmv()))
        : unknownShop();
  }

  Decision<ShopEvent, Ack> unbind(ShopState state, String supplierId) {
    if (!state.isRegistered()) {
      return Decision.answer(unknownShop());
    }
    if (!state.bindings().containsKey(supplierId)) {
      return Decision.answer(Outcome.refused(ErrorCode.NOT_BOUND, supplierId + " is not bound"));
    }
    return Decision.persist(
        new SupplierUnbound(shopId, supplierId, state.stamp(clock)), Ack.INSTANCE);
  }

  /** Answers what the change did to the old rules (routes dropped, whole-shop supplier cleared). */
  Decision<ShopEvent, ModeChange> setMode(
      ShopState state,
      AllocationMode mode,
      String supplierId,
      List<String> backups,
      boolean dropProductRoutes) {
    if (!state.isRegistered()) {
      return Decision.answer(unknownShop());
    }
    var rejection =
        state.allocation().checkModeChange(mode, supplierId, backups, dropProductRoutes);
    if (rejection.isPresent()) {
      return Decision.answer(ShopCommands.refusal(rejection.get()));
    }
    ModeChange change = state.allocation().describeModeChange(mode, supplierId);
    String wholeShopSupplier = mode == AllocationMode.WHOLE_SHOP ? supplierId : null;
    return Decision.persist(
        new AllocationModeChanged(shopId, mode, wholeShopSupplier, state.stamp(clock), backups),
        change);
  }

  /** An SPU's rule; with a {@code skuId}, the rule of that SKU only, over the SPU's. */
  Decision<ShopEvent, Ack> setProductRoute(
      ShopState state, String spuId, String skuId, String supplierId, List<String> backups) {
    if (!state.isRegistered()) {
      return Decision.answer(unknownShop());
    }
    var rejection = state.allocation().checkProductRoute(spuId, supplierId, backups);
    if (rejection.isPresent()) {
      return Decision.answer(ShopCommands.refusal(rejection.get()));
    }
    Instant at = state.stamp(clock);
    return Decision.persist(
        skuId == null
            ? new ProductRouteSet(shopId, spuId, supplierId, at, backups)
            : new SkuRouteSet(shopId, spuId, skuId, supplierId, backups, at),
        Ack.INSTANCE);
  }

  /** Removing a SKU rule that does not exist changes nothing. */
  Decision<ShopEvent, Ack> removeSkuRoute(ShopState state, String spuId, String skuId) {
    if (!state.isRegistered()) {
      return Decision.answer(unknownShop());
    }
    if (state.allocation().skuRule(spuId, skuId) == null) {
      return Decision.answer(Outcome.done(Ack.INSTANCE));
    }
    return Decision.persist(
        new SkuRouteRemoved(shopId, spuId, skuId, state.stamp(clock)), Ack.INSTANCE);
  }

  /** Removing a route that does not exist changes nothing. */
  Decision<ShopEvent, Ack> removeProductRoute(ShopState state, String spuId) {
    if (!state.isRegistered()) {
      return Decision.answer(unknownShop());
    }
    if (!state.allocation().productRoutes().containsKey(spuId)
        && !state.allocation().unboundRoutes().containsKey(spuId)) {
      return Decision.answer(Outcome.done(Ack.INSTANCE));
    }
    return Decision.persist(
        new ProductRouteRemoved(shopId, spuId, state.stamp(clock)), Ack.INSTANCE);
  }
}
