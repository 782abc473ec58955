package io.daifa.supplier;

import io.daifa.common.EntitySettings;
import java.time.Clock;

/**
 * What every supplier of a node is made with: its settings and clock, and the port through which it
 * reaches the shops it ships for.
 */
public record SupplierWiring(EntitySettings settings, Clock clock, ShopPort shops) {}
