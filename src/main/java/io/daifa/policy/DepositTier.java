package io.daifa.policy;

import io.daifa.money.Fen;

/**
 * From {@code fromGmv} of the previous month's GMV on (inclusive), the deposit rises by {@code
 * topUp}.
 */
public record DepositTier(Fen fromGmv, Fen topUp) {

  public DepositTier {
    if (fromGmv.isNegative() || topUp.isNegative()) {
      throw new IllegalArgumentException("a tier's GMV threshold and top-up are not negative");
    }
  }
}
