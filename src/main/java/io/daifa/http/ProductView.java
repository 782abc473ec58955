package io.daifa.http;

import io.daifa.market.Listing;
import io.daifa.market.ListingSku;
import java.time.Instant;
import java.util.List;

/**
 * A market product as the API shows it: the listing, what a shop earns per unit sold at the listed
 * price ({@code commissionPerUnit}, so that it sees it before it picks), and the units sold in the
 * last 30 days.
 */
record ProductView(
    String productId,
    String supplierId,
    String spuId,
    String title,
    String category,
    long price,
    int commissionRateBp,
    long commissionPerUnit,
    String sourcePlatform,
    boolean inStock,
    long sales,
    List<Sku> skus,
    boolean delisted,
    Instant listedAt,
    Instant updatedAt) {

  record Sku(String skuId, long price) {}

  static ProductView of(Listing listing, long sales) {
    return new ProductView(
        listing.productId(),
        listing.supplierId(),
        listing.spuId(),
        listing.title(),
        listing.category(),
        listing.price().value(),
        listing.commissionRateBp().value(),
        listing.commissionPerUnit().value(),
        listing.sourcePlatform(),
        listing.inStock(),
        sales,
        listing.skus().stream().map(ProductView::sku).toList(),
        listing.delisted(),
        listing.listedAt(),
        listing.updatedAt());
  }

  private static Sku sku(ListingSku sku) {
    return new Sku(sku.skuId(), sku.price().value());
  }
}
