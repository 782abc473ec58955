package io.daifa.webhook;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code daifa.webhooks}: what endpoints are accepted, and how deliveries are attempted. */
public record WebhookSettings(
    boolean requireHttps,
    boolean allowPrivateAddresses,
    Duration timeout,
    Duration minBackoff,
    Duration maxBackoff,
    Duration retryFor,
    int perSupplierInFlight) {

  public WebhookSettings {
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "daifa.webhooks: min-backoff must be positive and at most max-backoff");
    }
    if (perSupplierInFlight < 1) {
      throw new IllegalArgumentException("daifa.webhooks.per-supplier-in-flight must be >= 1");
    }
  }

  public static WebhookSettings fromConfig(Config webhooks) {
    return new WebhookSettings(
        webhooks.getBoolean("require-https"),
        webhooks.getBoolean("allow-private-addresses"),
        webhooks.getDuration("timeout"),
        webhooks.getDuration("min-backoff"),
        webhooks.getDuration("max-backoff"),
        webhooks.getDuration("retry-for"),
        webhooks.getInt("per-supplier-in-flight"));
  }
}
