package io.daifa.order;

import io.daifa.common.CborSerializable;
import java.time.Instant;

/** The latest logistics report of a shipped order: the carrier's status and when it happened. */
public record Logistics(LogisticsStatus status, Instant at) implements CborSerializable {

  /** Whether {@code next} moves the order on: a later stage, never a repeat or a step back. */
  public boolean isAdvancedBy(LogisticsStatus next) {
    return next.ordinal() > status.ordinal();
  }
}
