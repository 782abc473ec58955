package io.daifa.supplier;

import io.daifa.common.Ack;
import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.webhook.WebhookEndpoint;
import java.time.Clock;
import java.time.Instant;

/**
 * The supplier's decisions about its webhook, free of actor plumbing: set it, remove it, ask for a
 * delivery again. Only a registered supplier has one; setting the same endpoint again is a retry
 * and writes nothing.
 */
final class SupplierWebhooks {

  private final String supplierId;
  private final Clock clock;

  SupplierWebhooks(String supplierId, Clock clock) {
    this.supplierId = supplierId;
    this.clock = clock;
  }

  Decision<SupplierEvent, Ack> set(SupplierState state, String url, String secret) {
    if (!state.isValidSupplier()) {
      return Decision.answer(notASupplier());
    }
    WebhookEndpoint known = state.webhook();
    if (known != null && known.url().equals(url) && known.secret().equals(secret)) {
      return Decision.answer(Outcome.done(Ack.INSTANCE));
    }
    Instant now = state.stamp(clock);
    return Decision.persist(
        new SupplierEvent.WebhookSet(supplierId, new WebhookEndpoint(url, secret, now), now),
        Ack.INSTANCE);
  }

  Decision<SupplierEvent, Ack> remove(SupplierState state) {
    if (!state.isValidSupplier()) {
      return Decision.answer(notASupplier());
    }
    return state.webhook() == null
        ? Decision.answer(Outcome.done(Ack.INSTANCE))
        : Decision.persist(
            new SupplierEvent.WebhookRemoved(supplierId, state.stamp(clock)), Ack.INSTANCE);
  }

  Decision<SupplierEvent, Ack> redeliver(SupplierState state, long deliverySeq) {
    if (!(get(state) instanceof Outcome.Refused<WebhookEndpoint> refused)) {
      return Decision.persist(
          new SupplierEvent.WebhookRedeliveryRequested(supplierId, deliverySeq, state.stamp(clock)),
          Ack.INSTANCE);
    }
    return Decision.answer(Outcome.refused(refused.rejection()));
  }

  Outcome<WebhookEndpoint> get(SupplierState state) {
    if (!state.isValidSupplier()) {
      return notASupplier();
    }
    return state.webhook() == null
        ? Outcome.refused(ErrorCode.NOT_FOUND, "supplier " + supplierId + " has no webhook")
        : Outcome.done(state.webhook());
  }

  private <T> Outcome<T> notASupplier() {
    return Outcome.refused(ErrorCode.NOT_FOUND, "no supplier " + supplierId);
  }
}
