package io.daifa.webhook;

import java.time.Instant;

/**
 * One delivery as its log keeps it: what was sent ({@code type}, {@code body}) and how its attempts
 * went. {@code status} is {@link Status#PENDING} until an attempt succeeds or its retries run out.
 */
public record WebhookDelivery(
    String supplierId,
    long seq,
    String type,
    String body,
    Instant createdAt,
    Instant windowStart,
    Status status,
    int attempts,
    Instant lastAttemptAt,
    String lastResult,
    Instant nextAttemptAt) {

  public enum Status {
    PENDING,
    DELIVERED,
    FAILED
  }

  public String deliveryId() {
    return WebhookPayload.deliveryId(seq);
  }

  public boolean isFinished() {
    return status != Status.PENDING;
  }
}
