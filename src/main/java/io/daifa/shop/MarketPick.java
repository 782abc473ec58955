package io.daifa.shop;

import io.daifa.market.Listing;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.time.Instant;

/**
 * A market product a shop picked (SPEC §9): one of its "goods I have" (我拥有的东西), routed to the
 * product's supplier. The terms are those the shop saw and confirmed when it picked.
 */
public record MarketPick(
    String productId,
    String supplierId,
    String spuId,
    String title,
    Fen price,
    BasisPoints commissionRateBp,
    Instant pickedAt) {

  static MarketPick of(Listing listing, Instant at) {
    return new MarketPick(
        listing.productId(),
        listing.supplierId(),
        listing.spuId(),
        listing.title(),
        listing.price(),
        listing.commissionRateBp(),
        at);
  }

  /** This pick at the commission rate its supplier changed to. */
  MarketPick withRate(BasisPoints rate) {
    return new MarketPick(productId, supplierId, spuId, title, price, rate, pickedAt);
  }

  public Fen commissionPerUnit() {
    return price.at(commissionRateBp);
  }
}
