package io.daifa.loadtest;

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

  static SendResult retry(String detail) {
    return new SendResult(Kind.RETRY, detail);
  }

  static SendResult error(String detail) {
    return new SendResult(Kind.ERROR, detail);
  }
}
