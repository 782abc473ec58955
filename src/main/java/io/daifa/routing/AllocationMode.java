package io.daifa.routing;

/** How a shop allocates its order lines (SPEC §3). A shop is in exactly one mode. */
public enum AllocationMode {
  /** No automatic allocation: every line waits in the manual queue. */
  NONE,
  /** Each SPU may be routed to one bound supplier (按商品分配). */
  BY_PRODUCT,
  /** Every line goes to one designated bound supplier (全店自动分配). */
  WHOLE_SHOP
}
