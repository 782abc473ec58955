package io.daifa.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The status of an order line (SPEC §4). The happy path is {@code PAID → ALLOCATED → ACCEPTED →
 * SHIPPED → RECEIVED}; {@code REJECTED} is the supplier's refusal, after which the line is back in
 * the shop's manual queue and can be allocated again.
 */
public enum OrderStatus {
  PAID,
  ALLOCATED,
  ACCEPTED,
  SHIPPED,
  RECEIVED,
  REJECTED;

  public boolean canBecome(OrderStatus next) {
    return successors().contains(next);
  }

  private Set<OrderStatus> successors() {
    return switch (this) {
      case PAID -> EnumSet.of(ALLOCATED);
      case ALLOCATED -> EnumSet.of(ACCEPTED, REJECTED);
      case ACCEPTED -> EnumSet.of(SHIPPED, REJECTED);
      case SHIPPED -> EnumSet.of(RECEIVED);
      case RECEIVED -> EnumSet.noneOf(OrderStatus.class);
      case REJECTED -> EnumSet.of(ALLOCATED);
    };
  }
}
