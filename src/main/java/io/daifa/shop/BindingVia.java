package io.daifa.shop;

/** How a binding came about; each needs the consent of shop and supplier (SPEC §2, §9). */
public enum BindingVia {
  /** The shop invited, the supplier accepted the single-use token. */
  INVITE,
  /** The shop applied with the supplier ID, the supplier approved. */
  APPLICATION,
  /**
   * The shop picked one of the supplier's products in the market: listing it was the supplier's
   * consent given in advance (SPEC §9).
   */
  MARKET_PICK
}
