package io.daifa.shop;

/** How a binding came about; both need the consent of shop and supplier (SPEC §2). */
public enum BindingVia {
  /** The shop invited, the supplier accepted the single-use token. */
  INVITE,
  /** The shop applied with the supplier ID, the supplier approved. */
  APPLICATION
}
