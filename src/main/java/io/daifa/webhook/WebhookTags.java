package io.daifa.webhook;

import java.util.Set;

/**
 * The tags the webhook workers read. Only a supplier with a webhook tags the events it owes a
 * delivery, so that suppliers without one pay no second write. The number of slices must never
 * change once events are tagged.
 */
public final class WebhookTags {

  public static final int SLICES = 4;

  private WebhookTags() {}

  public static String tag(int slice) {
    return "webhooks-" + slice;
  }

  public static int sliceOf(String supplierId) {
    return Math.floorMod(supplierId.hashCode(), SLICES);
  }

  public static Set<String> forSupplier(String supplierId) {
    return Set.of(tag(sliceOf(supplierId)));
  }
}
