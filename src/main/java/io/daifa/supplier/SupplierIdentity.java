package io.daifa.supplier;

/**
 * The identity an account registered with (SPEC §1). Only {@code SUPPLIER} accounts hold a valid
 * supplier ID; a shop merchant's ID can never be bound as a supplier.
 */
public enum SupplierIdentity {
  SUPPLIER,
  SHOP_MERCHANT
}
