package io.daifa.http;

import io.daifa.order.OrderValidation;

/** Checks of request fields that JSON typing alone does not cover; each names its field. */
final class Validation {

  private Validation() {}

  static <T> T required(String field, T value) {
    if (value == null) {
      throw Problem.invalid(field, "is required").exception();
    }
    return value;
  }

  /** A display name: 1 to 200 characters, no control characters. */
  static String name(String field, String value) {
    return text(field, value, 200);
  }

  static String text(String field, String value, int maxLength) {
    required(field, value);
    String trimmed = value.strip();
    if (trimmed.isEmpty() || trimmed.length() > maxLength) {
      throw Problem.invalid(field, "must be 1 to " + maxLength + " characters").exception();
    }
    if (trimmed.chars().anyMatch(Character::isISOControl)) {
      throw Problem.invalid(field, "must not contain control characters").exception();
    }
    return trimmed;
  }

  /** An ID the caller chose (order, line, SPU): the safe alphabet of {@link OrderValidation}. */
  static String id(String field, String value) {
    required(field, value);
    if (!OrderValidation.isId(value)) {
      throw Problem.invalid(field, "must be 1-64 characters of letters, digits, '_', '.', ':', '-'")
          .exception();
    }
    return value;
  }

  /** An optional {@code limit} parameter: 1 to {@code max}, {@code fallback} when absent. */
  static int limit(java.util.Optional<String> value, int fallback, int max) {
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(value.get());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problem.invalid("limit", "must be an integer from 1 to " + max).exception();
  }
}
