package io.daifa.shop;

import io.daifa.common.Ack;
import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.HybridTime;
import io.daifa.common.Outcome;
import io.daifa.market.Listing;
import io.daifa.routing.AllocationMode;
import io.daifa.shop.ShopEvent.ProductPicked;
import io.daifa.shop.ShopEvent.ProductUnpicked;
import java.time.Clock;

/**
 * The shop's decisions about market products, free of actor plumbing (SPEC §9): a pick binds the
 * product's supplier if need be, routes the SPU to it and lists the product among the shop's goods;
 * removing the pick removes the route. The two allocation modes stay exclusive: a shop that sends
 * every line to one supplier cannot route a product elsewhere.
 */
final class ShopPicks {

  private final String shopId;
  private final Clock clock;

  ShopPicks(String shopId, Clock clock) {
    this.shopId = shopId;
    this.clock = clock;
  }

  /** Picks {@code listing} as its supplier holds it now; picking it again changes nothing. */
  Decision<ShopEvent, MarketPick> pick(ShopState state, Listing listing) {
    if (!state.isRegistered()) {
      return Decision.answer(ShopSetup.unknownShop());
    }
    MarketPick known = state.picks().get(listing.productId());
    if (known != null) {
      return Decision.answer(Outcome.done(known));
    }
    if (listing.delisted()) {
      return refused(
          ErrorCode.PRODUCT_DELISTED,
          listing.productId() + " was withdrawn from the market by its supplier");
    }
    if (state.allocation().mode() == AllocationMode.WHOLE_SHOP) {
      return refused(
          ErrorCode.MODE_CONFLICT,
          "active mode is WHOLE_SHOP: every line goes to "
              + state.allocation().wholeShopSupplierId()
              + "; a picked product routes its SPU to its own supplier, so change the mode to"
              + " BY_PRODUCT first");
    }
    String routedTo = state.allocation().productSupplier(listing.spuId());
    if (routedTo != null && !routedTo.equals(listing.supplierId())) {
      return refused(
          ErrorCode.ROUTE_CONFLICT,
          "SPU "
              + listing.spuId()
              + " is routed to "
              + routedTo
              + "; remove that route before picking "
              + listing.productId());
    }
    MarketPick pick = MarketPick.of(listing, state.stamp(clock));
    boolean binds = !state.bindings().containsKey(listing.supplierId());
    return Decision.persist(new ProductPicked(shopId, pick, binds, pick.pickedAt()), pick);
  }

  /**
   * Removes a pick, and its route if the SPU still goes to the product's supplier; removing a pick
   * the shop does not have changes nothing. Lines already sent stay with the supplier.
   */
  Decision<ShopEvent, Ack> unpick(ShopState state, String productId) {
    if (!state.isRegistered()) {
      return Decision.answer(ShopSetup.unknownShop());
    }
    MarketPick pick = state.picks().get(productId);
    if (pick == null) {
      return Decision.answer(Outcome.done(Ack.INSTANCE));
    }
    boolean routed = pick.supplierId().equals(state.allocation().productSupplier(pick.spuId()));
    return Decision.persist(
        new ProductUnpicked(shopId, productId, pick.spuId(), routed, state.stamp(clock)),
        Ack.INSTANCE);
  }

  /**
   * A supplier's new commission rate for a picked product, or null when there is nothing to record:
   * the notice was recorded before, or the shop does not have the product (any more).
   */
  ShopEvent.PickCommissionChanged commissionChanged(
      ShopState state, ShopCommand.ChangePickCommission notice) {
    if (state.hasProcessed(notice.supplierId(), notice.noticeId())
        || !state.picks().containsKey(notice.productId())) {
      return null;
    }
    return new ShopEvent.PickCommissionChanged(
        shopId,
        notice.noticeId(),
        notice.productId(),
        notice.commissionRateBp(),
        HybridTime.after(state.stamp(clock), notice.changedAt()));
  }

  private static <R> Decision<ShopEvent, R> refused(ErrorCode code, String detail) {
    return Decision.answer(Outcome.refused(code, detail));
  }
}
