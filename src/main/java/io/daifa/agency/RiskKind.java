package io.daifa.agency;

/** The fake-order patterns risk control flags (SPEC §10). */
public enum RiskKind {
  /** Many orders from one buyer to one agency in a short window. */
  BUYER_BURST,
  /** A received line without a tracking number: logistics not verified. */
  NO_TRACKING,
  /** A line refunded soon after it settled; flags its buyer at the agency. */
  REFUND_AFTER_SETTLEMENT
}
