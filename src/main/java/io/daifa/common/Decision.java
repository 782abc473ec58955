package io.daifa.common;

/**
 * What an entity's command decided, before anything is stored: the event to persist ({@code null}:
 * none) and the answer, given once the event is stored (or at once when there is none). Made by the
 * entities' pure decision classes; the entity carries it out.
 */
public record Decision<E, R>(E event, Outcome<R> answer) {

  /** Nothing to store: answer at once (a refusal, or a repeat that changes nothing). */
  public static <E, R> Decision<E, R> answer(Outcome<R> answer) {
    return new Decision<>(null, answer);
  }

  /** Store the event, then answer {@code value}. */
  public static <E, R> Decision<E, R> persist(E event, R value) {
    return new Decision<>(event, Outcome.done(value));
  }
}
