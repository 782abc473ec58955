package io.daifa.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The status of an order line (SPEC §4). The happy path is {@code PAID → ALLOCATED → ACCEPTED →
 * SHIPPED → RECEIVED}; {@code REJECTED} is the supplier's refusal, after which the line is back in
 * the shop's manual queue and can be allocated again; {@code WITHDRAWN} is the shop taking back a
 * line its supplier had not accepted yet (re-routed under new rules), after which the supplier may
 * be sent it again like a rejected line. The after-sale side exits: {@code REFUNDED} (final) from
 * any status before it but a rejection, and {@code DISPUTED} while an after-sale dispute about a
 * shipped or received line is open; closing it returns the line to where it was. {@code SETTLED} is
 * a received line the monthly settlement has paid out (SPEC §8); the supplier still sees it as
 * received, and a refund after it is clawed back. The declaration order is how far a line has got,
 * used to name an order's least advanced status.
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
  REFUNDED,
  WITHDRAWN;

  /** No more work for the supplier: received, rejected, refunded or withdrawn. */
  public boolean isSettledAtSupplier() {
    return this == RECEIVED || this == REJECTED || this == REFUNDED || this == WITHDRAWN;
  }

  /** The line left its supplier before anything was shipped: rejected or withdrawn. */
  public boolean hasLeftSupplier() {
    return this == REJECTED || this == WITHDRAWN;
  }

  public boolean canBecome(OrderStatus next) {
    return successors().contains(next);
  }

  private Set<OrderStatus> successors() {
    return switch (this) {
      case PAID -> EnumSet.of(ALLOCATED, REFUNDED);
      case ALLOCATED -> EnumSet.of(ACCEPTED, REJECTED, REFUNDED, WITHDRAWN);
      case ACCEPTED -> EnumSet.of(SHIPPED, REJECTED, REFUNDED);
      case SHIPPED -> EnumSet.of(RECEIVED, DISPUTED, REFUNDED);
      case DISPUTED -> EnumSet.of(REFUNDED);
      case RECEIVED -> EnumSet.of(SETTLED, DISPUTED, REFUNDED);
      case SETTLED -> EnumSet.of(DISPUTED, REFUNDED);
      case REJECTED, WITHDRAWN -> EnumSet.of(ALLOCATED);
      case REFUNDED -> EnumSet.noneOf(OrderStatus.class);
    };
  }
}
