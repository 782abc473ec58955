package io.daifa.common;

/**
 * The stable error codes of the API (API.md, Conventions). Entities reply with these; the HTTP
 * layer maps each to one status in one place.
 */
public enum ErrorCode {
  VALIDATION,
  UNAUTHORIZED,
  FORBIDDEN,
  PAYLOAD_TOO_LARGE,
  UNAVAILABLE,
  /** Too much of one caller's work is waiting already (a shop over its share of intake). */
  RATE_LIMITED,
  INTERNAL,
  NOT_FOUND,
  ALREADY_EXISTS,
  MODE_CONFLICT,
  NOT_BOUND,
  INVALID_SUPPLIER_ID,
  INVITE_EXPIRED,
  INVITE_USED,
  INVITE_UNKNOWN,
  ORDER_ID_REUSED,
  /** Several shops use this platform order ID and the request does not name one. */
  ORDER_ID_AMBIGUOUS,
  /** An Idempotency-Key sent again with a different request. */
  IDEMPOTENCY_KEY_REUSED,
  ILLEGAL_TRANSITION,
  LINE_NOT_IN_MANUAL_QUEUE,
  CYCLE_NOT_ENDED,
  EARLIER_CYCLE_UNSETTLED,
  SETTLEMENT_CONFLICT,
  /** The market product was withdrawn by its supplier: it can no longer be picked. */
  PRODUCT_DELISTED,
  /** The SPU is already routed to another supplier: remove that route first. */
  ROUTE_CONFLICT
}
