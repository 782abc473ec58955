package io.daifa.market;

/**
 * The orders a market page can be in. Each ranks by one figure, best first (most sold, cheapest,
 * highest commission), ties by product ID, so that paging with a cursor is stable.
 */
public enum MarketSort {
  /** Units sold in the last 30 days, most first. */
  SALES,
  /** Price, cheapest first. */
  PRICE,
  /** Commission per unit in fen, highest first. */
  COMMISSION,
  /** Commission rate, highest first. */
  COMMISSION_RATE;

  /**
   * As written in a query: {@code sales}, {@code price}, {@code commission}, {@code
   * commissionRate}; null for anything else.
   */
  public static MarketSort parse(String text) {
    for (MarketSort sort : values()) {
      if (sort.wireName().equals(text)) {
        return sort;
      }
    }
    return null;
  }

  public String wireName() {
    return switch (this) {
      case SALES -> "sales";
      case PRICE -> "price";
      case COMMISSION -> "commission";
      case COMMISSION_RATE -> "commissionRate";
    };
  }
}
