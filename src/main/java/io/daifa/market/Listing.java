package io.daifa.market;

import io.daifa.common.CborSerializable;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.time.Instant;
import java.util.List;

/**
 * A product in the market: the supplier's offer to every shop (SPEC §9). Listing it is the
 * supplier's advance consent to be bound by a shop that picks it.
 *
 * @param price the buyer's price of the product (of its cheapest SKU when SKUs have their own)
 * @param commissionRateBp the share of a line's settlement base the picking shop earns
 * @param inStock false while the supplier has none to ship; the product stays listed
 * @param delisted true once the supplier withdrew it: new picks are refused, routes already made
 *     stay for orders already placed
 */
public record Listing(
    String productId,
    String supplierId,
    String spuId,
    String title,
    String category,
    Fen price,
    BasisPoints commissionRateBp,
    String sourcePlatform,
    boolean inStock,
    List<ListingSku> skus,
    boolean delisted,
    Instant listedAt,
    Instant updatedAt)
    implements CborSerializable {

  public Listing {
    skus = List.copyOf(skus);
  }

  /** What a shop earns per unit sold at the listed price, rounded half-up to the fen. */
  public Fen commissionPerUnit() {
    return price.at(commissionRateBp);
  }

  /** This listing with new terms, as of {@code at}. */
  public Listing withTerms(Fen price, BasisPoints rate, boolean inStock, Instant at) {
    return new Listing(
        productId,
        supplierId,
        spuId,
        title,
        category,
        price,
        rate,
        sourcePlatform,
        inStock,
        skus,
        delisted,
        listedAt,
        at);
  }

  public Listing delistedAt(Instant at) {
    return new Listing(
        productId,
        supplierId,
        spuId,
        title,
        category,
        price,
        commissionRateBp,
        sourcePlatform,
        inStock,
        skus,
        true,
        listedAt,
        at);
  }
}
