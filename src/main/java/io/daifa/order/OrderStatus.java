package io.daifa.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The status of an order line (SPEC §4). The happy path is {@code PAID → ALLOCATED → ACCEPTED →
 * SHIPPED → RECEIVED}; {@code REJECTED} is the supplier's refusal, after which the line is back in
 * the shop's manual queue and can be allocated again. The after-sale side exits: {@code REFUNDED}
 * (final) from any status before it but a rejection, and {@code DISPUTED} while an after-sale
 * dispute about a shipped or received line is open; closing it returns the line to where it was.
 * {@code SETTLED} is a received line the monthly settlement has paid out (SPEC §8); the supplier
 * still sees it as received, and a refund after it is clawed back. The declaration order is how far
 * a line has got, used to name an order's least advanced status.
 */
public enum OrderStatus {
  PAID,
  ALLOCATED,
  ACCEPTED,
  SHIPPED,
  DISPUTED,
  RECEIVED,
  SETTLED,
  REJECTED,
  REFUNDED;

  /** No more work for the supplier: received, rejected or refunded. */
  public boolean isSettledAtSupplier() {
    return this == RECEIVED || this == REJECTED || this == REFUNDED;
  }

  public boolean canBecome(OrderStatus next) {
    return successors().contains(next);
  }

  private Set<OrderStatus> successors() {
    return switch (this) {
      case PAID -> EnumSet.of(ALLOCATED, REFUNDED);
      case ALLOCATED -> EnumSet.of(ACCEPTED, REJECTED, REFUNDED);
      case ACCEPTED -> EnumSet.of(SHIPPED, REJECTED, REFUNDED);
      case SHIPPED -> EnumSet.of(RECEIVED, DISPUTED, REFUNDED);
      case DISPUTED -> EnumSet.of(REFUNDED);
      case RECEIVED -> EnumSet.of(SETTLED, DISPUTED, REFUNDED);
      case SETTLED -> EnumSet.of(DISPUTED, REFUNDED);
      case REJECTED -> EnumSet.of(ALLOCATED);
      case REFUNDED -> EnumSet.noneOf(OrderStatus.class);
    };
  }
}
