package io.daifa.supplier;

import io.daifa.common.EntitySettings;
import java.time.Clock;

/**
 * What every supplier of a node is made with: its settings and clock, and the port through which it
 * reaches the shops it ships for.
 *
 * @param journal the journal plugin its events are written to; empty for Pekko's default
 */
public record SupplierWiring(EntitySettings settings, Clock clock, ShopPort shops, String journal) {

  /** On Pekko's default journal. */
  public SupplierWiring(EntitySettings settings, Clock clock, ShopPort shops) {
    this(settings, clock, shops, "");
  }
}
