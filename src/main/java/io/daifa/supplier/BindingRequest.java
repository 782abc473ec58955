package io.daifa.supplier;

import java.time.Instant;

/** A shop's application to bind with this supplier, and what the supplier decided. */
public record BindingRequest(String requestId, String shopId, Status status, Instant createdAt) {

  public enum Status {
    PENDING,
    APPROVED,
    REJECTED
  }

  BindingRequest withStatus(Status next) {
    return new BindingRequest(requestId, shopId, next, createdAt);
  }
}
