package io.daifa.webhook;

import io.daifa.common.CborSerializable;
import java.time.Instant;

/**
 * Where a supplier takes its webhooks, and the secret Daifa signs them with ({@link
 * WebhookSignature}). Kept in the supplier's state and journal, and in the delivery workers' table;
 * never answered back in full ({@link #secretHint}).
 */
public record WebhookEndpoint(String url, String secret, Instant setAt)
    implements CborSerializable {

  /** The secret's last four characters: enough to tell which one is set, not to sign with it. */
  public String secretHint() {
    return "…" + secret.substring(Math.max(0, secret.length() - 4));
  }
}
