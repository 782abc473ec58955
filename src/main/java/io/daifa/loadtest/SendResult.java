package io.daifa.loadtest;

import io.daifa.common.ErrorCode;

/** What became of one attempt to send an order. */
record SendResult(Kind kind, String detail) {

  enum Kind {
    /** Stored: the router answered with the order's receipt. */
    STORED,
    /** Refused for now (saturated or storage slow); the load test sends it again. */
    RETRY,
    /** Any other answer: the load test fails. */
    ERROR
  }

  static final SendResult STORED = new SendResult(Kind.STORED, null);

  /** A refusal a client sends again after a pause: 503 (storage) or 429 (its shop's share). */
  static boolean retryable(String code) {
    return ErrorCode.UNAVAILABLE.name().equals(code) || ErrorCode.RATE_LIMITED.name().equals(code);
  }

  static SendResult retry(String detail) {
    return new SendResult(Kind.RETRY, detail);
  }

  static SendResult error(String detail) {
    return new SendResult(Kind.ERROR, detail);
  }
}
