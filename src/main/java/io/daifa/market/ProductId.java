package io.daifa.market;

import io.daifa.order.OrderValidation;

/**
 * A market product's ID: its supplier and the supplier's SPU, so that listing the same SPU twice is
 * the same product (a retried listing changes nothing) and any node can tell the owner of a product
 * from its ID alone, without a lookup that might lag. Shaped {@code prd_<supplier suffix>.<spuId>}:
 * a supplier ID is {@code sup_} and base32, which has no dot.
 */
public final class ProductId {

  private static final String PREFIX = "prd_";
  private static final String SUPPLIER_PREFIX = "sup_";

  private ProductId() {}

  /** A product ID; the parts must be a supplier ID and an SPU ID in their own alphabets. */
  public static String of(String supplierId, String spuId) {
    String productId = ofOrNull(supplierId, spuId);
    if (productId == null) {
      throw new IllegalArgumentException("not a supplier ID: " + supplierId);
    }
    return productId;
  }

  /**
   * The product ID of a supplier's SPU, or null when {@code supplierId} is not a supplier ID (an
   * SPU of such a supplier cannot be a market product).
   */
  public static String ofOrNull(String supplierId, String spuId) {
    return supplierId.startsWith(SUPPLIER_PREFIX) && supplierId.indexOf('.') < 0
        ? PREFIX + supplierId.substring(SUPPLIER_PREFIX.length()) + "." + spuId
        : null;
  }

  /** The supplier that lists {@code productId}, or null when it is not a product ID. */
  public static String supplierOf(String productId) {
    Parts parts = parse(productId);
    return parts == null ? null : parts.supplierId();
  }

  /** The supplier's SPU of {@code productId}, or null when it is not a product ID. */
  public static String spuOf(String productId) {
    Parts parts = parse(productId);
    return parts == null ? null : parts.spuId();
  }

  public static boolean isValid(String productId) {
    return parse(productId) != null;
  }

  private record Parts(String supplierId, String spuId) {}

  private static Parts parse(String productId) {
    if (productId == null || productId.length() > 128 || !productId.startsWith(PREFIX)) {
      return null;
    }
    int dot = productId.indexOf('.', PREFIX.length());
    if (dot <= PREFIX.length()) {
      return null;
    }
    String suffix = productId.substring(PREFIX.length(), dot);
    String spuId = productId.substring(dot + 1);
    if (!suffix.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128)
        || !OrderValidation.isId(spuId)) {
      return null;
    }
    return new Parts(SUPPLIER_PREFIX + suffix, spuId);
  }
}
