package io.daifa.shop;

import io.daifa.common.EntitySettings;
import java.time.Clock;

/**
 * What every shop of a node is made with: its settings and clock, and the ports through which it
 * reaches what lies outside it (its suppliers, the read side, the node's metrics).
 *
 * @param journal the journal plugin its events are written to; empty for Pekko's default
 */
public record ShopWiring(
    EntitySettings settings,
    Clock clock,
    SupplierPort suppliers,
    ReadSidePort readSide,
    ShopObserver observer,
    String journal) {

  /** On Pekko's default journal. */
  public ShopWiring(
      EntitySettings settings,
      Clock clock,
      SupplierPort suppliers,
      ReadSidePort readSide,
      ShopObserver observer) {
    this(settings, clock, suppliers, readSide, observer, "");
  }

  /** For entity tests: every batch counts as projected at once, and nothing is observed. */
  public static ShopWiring of(EntitySettings settings, Clock clock, SupplierPort suppliers) {
    return new ShopWiring(settings, clock, suppliers, ReadSidePort.NONE, ShopObserver.NONE);
  }
}
