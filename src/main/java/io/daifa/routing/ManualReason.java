package io.daifa.routing;

/** Why a line waits in the shop's manual allocation queue instead of going to a supplier. */
public enum ManualReason {
  /** The shop is in mode {@code NONE}: it allocates every line itself. */
  SHOP_IN_NONE_MODE,
  /** The shop routes by product and has no rule for this line's SPU. */
  NO_RULE_FOR_SPU,
  /** The SPU was routed to a supplier that has since been unbound. */
  SUPPLIER_UNBOUND,
  /** The supplier the line was sent to rejected it. */
  REJECTED_BY_SUPPLIER
}
