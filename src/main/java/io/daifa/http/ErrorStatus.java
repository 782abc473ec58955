package io.daifa.http;

import io.daifa.common.ErrorCode;

/** The one place where an error code becomes an HTTP status. */
final class ErrorStatus {

  private ErrorStatus() {}

  static int of(ErrorCode code) {
    return switch (code) {
      case VALIDATION, INVALID_SUPPLIER_ID, NOT_BOUND, IDEMPOTENCY_KEY_REUSED -> 422;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND, INVITE_UNKNOWN -> 404;
      case ALREADY_EXISTS,
              MODE_CONFLICT,
              INVITE_USED,
              ORDER_ID_REUSED,
              ORDER_ID_AMBIGUOUS,
              ILLEGAL_TRANSITION,
              LINE_NOT_IN_MANUAL_QUEUE,
              CYCLE_NOT_ENDED,
              EARLIER_CYCLE_UNSETTLED,
              SETTLEMENT_CONFLICT,
              PRODUCT_DELISTED,
              ROUTE_CONFLICT ->
          409;
      case INVITE_EXPIRED -> 410;
      case PAYLOAD_TOO_LARGE -> 413;
      case RATE_LIMITED -> 429;
      case UNAVAILABLE -> 503;
      case INTERNAL -> 500;
    };
  }

  static String title(ErrorCode code) {
    return switch (code) {
      case VALIDATION -> "The request is not valid";
      case UNAUTHORIZED -> "No valid API key";
      case FORBIDDEN -> "Not yours";
      case NOT_FOUND -> "Not found";
      case ALREADY_EXISTS -> "Already exists";
      case MODE_CONFLICT -> "The allocation mode does not allow this";
      case NOT_BOUND -> "The supplier is not bound to this shop";
      case INVALID_SUPPLIER_ID -> "Not a valid supplier ID";
      case INVITE_EXPIRED -> "The invite has expired";
      case INVITE_USED -> "The invite has already been used";
      case INVITE_UNKNOWN -> "No such invite";
      case ORDER_ID_REUSED -> "The order ID was used for a different order";
      case ORDER_ID_AMBIGUOUS -> "Several shops use this order ID; name one with ?shopId=";
      case IDEMPOTENCY_KEY_REUSED -> "The Idempotency-Key was used for a different request";
      case ILLEGAL_TRANSITION -> "Not allowed from its current status";
      case LINE_NOT_IN_MANUAL_QUEUE -> "The line is not waiting for manual allocation";
      case CYCLE_NOT_ENDED -> "The cycle's month has not ended";
      case EARLIER_CYCLE_UNSETTLED -> "An earlier cycle has not been settled";
      case SETTLEMENT_CONFLICT -> "Another run of this settlement is under way";
      case PRODUCT_DELISTED -> "The product was withdrawn from the market";
      case ROUTE_CONFLICT -> "The SPU is routed to another supplier";
      case PAYLOAD_TOO_LARGE -> "The request body is too large";
      case RATE_LIMITED -> "Too many orders of this shop are waiting; retry shortly";
      case UNAVAILABLE -> "Storage is unavailable; retry shortly";
      case INTERNAL -> "Internal error";
    };
  }
}
