package io.daifa.order;

/**
 * Where a shipped order is with its carrier, as the platform's logistics feed reports it (issue
 * 15). The declaration order is progress: a report never moves an order back.
 */
public enum LogisticsStatus {
  COLLECTED,
  IN_TRANSIT,
  DELIVERED
}
