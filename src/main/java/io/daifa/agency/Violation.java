package io.daifa.agency;

import io.daifa.common.CborSerializable;
import java.time.Instant;

/** A recorded violation; {@code clearedAt} is null while it is open. */
public record Violation(String violationId, String reason, Instant recordedAt, Instant clearedAt)
    implements CborSerializable {

  public boolean isOpen() {
    return clearedAt == null;
  }

  Violation cleared(Instant at) {
    return new Violation(violationId, reason, recordedAt, at);
  }
}
