package io.daifa.routing;

/**
 * What decided where a line went. Names are a persisted and published contract (events, the read
 * side, {@code GET /v1/orders/{orderId}/routing}): add constants, never rename them.
 */
public enum RuleKind {
  /** A SKU rule, which wins over its SPU's rule. */
  SKU,
  /** The rule of the line's SPU. */
  SPU,
  /** The whole-shop supplier. */
  WHOLE_SHOP,
  /** A backup of the line's rule, after the supplier before it rejected the line. */
  BACKUP,
  /** The shop assigned the line by hand. */
  MANUAL_ASSIGNMENT,
  /** No rule: the line waits in the manual queue, with its reason. */
  NONE
}
