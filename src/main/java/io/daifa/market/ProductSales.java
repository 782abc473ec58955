package io.daifa.market;

/**
 * A product's sales as its supplier last reported them: the figure of that day and, from suppliers
 * that send them, the day slots behind it, so that the figure keeps sliding out of the 30-day
 * window on the days the supplier reports nothing.
 */
public record ProductSales(long reported, SalesTally.Days days) {

  public static final ProductSales NONE = new ProductSales(0, null);

  /** Units sold in the 30 days up to {@code today} (an epoch day in Shanghai). */
  public long on(long today) {
    return days == null ? reported : days.within(today);
  }
}
