package io.daifa.market;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.util.List;

/** A listing as its supplier asks for it, checked by {@link ListingRules}: not yet stored. */
public record ListingDraft(
    String spuId,
    String title,
    String category,
    Fen price,
    BasisPoints commissionRateBp,
    String sourcePlatform,
    boolean inStock,
    List<ListingSku> skus) {

  public ListingDraft {
    skus = List.copyOf(skus);
  }
}
