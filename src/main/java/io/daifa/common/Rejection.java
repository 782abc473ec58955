package io.daifa.common;

/**
 * A refused command: nothing was persisted. {@code detail} is written for a human; {@code field}
 * names the offending input field when there is one (null otherwise).
 */
public record Rejection(ErrorCode code, String detail, String field) implements CborSerializable {

  public static Rejection of(ErrorCode code, String detail) {
    return new Rejection(code, detail, null);
  }

  public static Rejection invalid(String field, String message) {
    return new Rejection(ErrorCode.VALIDATION, field + " " + message, field);
  }
}
