package io.daifa.agency;

import io.daifa.common.CborSerializable;
import java.time.Instant;

/**
 * A pattern risk control found on one line, for an admin to review. While it is open the line's
 * incentive is held; a {@link RiskKind#REFUND_AFTER_SETTLEMENT} flag holds every line of its buyer
 * at this agency. {@code clearedAt} is null while it is open.
 */
public record RiskFlag(
    String flagId,
    RiskKind kind,
    String shopId,
    String orderId,
    String lineId,
    String buyerId,
    Instant raisedAt,
    Instant clearedAt)
    implements CborSerializable {

  public boolean isOpen() {
    return clearedAt == null;
  }

  RiskFlag cleared(Instant at) {
    return new RiskFlag(flagId, kind, shopId, orderId, lineId, buyerId, raisedAt, at);
  }
}
