package io.daifa.routing;

/**
 * Why an allocation change was refused; {@code code} is the stable error code of API.md, {@code
 * field} the request field at fault, if one is.
 */
public record AllocationRejection(Code code, String detail, String field) {

  public AllocationRejection(Code code, String detail) {
    this(code, detail, null);
  }

  public enum Code {
    /** The change contradicts the active mode; the detail names it. */
    MODE_CONFLICT,
    /** The supplier named is not bound to the shop. */
    NOT_BOUND,
    /** The request is incomplete, for example WHOLE_SHOP without a supplier. */
    VALIDATION
  }

  static AllocationRejection modeConflict(AllocationMode active, String detail) {
    return new AllocationRejection(Code.MODE_CONFLICT, "active mode is " + active + ": " + detail);
  }

  static AllocationRejection invalid(String field, String message) {
    return new AllocationRejection(Code.VALIDATION, field + " " + message, field);
  }

  static AllocationRejection notBound(String supplierId) {
    return new AllocationRejection(
        Code.NOT_BOUND, "supplier " + supplierId + " is not bound to this shop");
  }
}
