package io.daifa.market;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;

/** New terms for a listing; a null field keeps what the listing has. */
public record ListingChange(Fen price, BasisPoints commissionRateBp, Boolean inStock) {

  public boolean isEmpty() {
    return price == null && commissionRateBp == null && inStock == null;
  }
}
