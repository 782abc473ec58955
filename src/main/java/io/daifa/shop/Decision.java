package io.daifa.shop;

import io.daifa.common.Outcome;

/**
 * What a shop command decided, before anything is stored: the event to persist ({@code null}: none)
 * and the answer, given once the event is stored (or at once when there is none).
 */
record Decision<R>(ShopEvent event, Outcome<R> answer) {

  /** Nothing to store: answer at once (a refusal, or a repeat that changes nothing). */
  static <R> Decision<R> answer(Outcome<R> answer) {
    return new Decision<>(null, answer);
  }

  /** Store the event, then answer {@code value}. */
  static <R> Decision<R> persist(ShopEvent event, R value) {
    return new Decision<>(event, Outcome.done(value));
  }
}
