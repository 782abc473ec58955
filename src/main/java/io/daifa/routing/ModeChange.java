package io.daifa.routing;

/**
 * What an explicit mode change did to the rules that were there before: switching away from {@code
 * BY_PRODUCT} drops its product routes (only when asked to), switching away from {@code WHOLE_SHOP}
 * clears the designated supplier.
 */
public record ModeChange(
    AllocationMode from,
    AllocationMode to,
    int droppedProductRoutes,
    String clearedWholeShopSupplierId) {}
