package io.daifa.common;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The reply to a command that can be refused: either its value, or why it was refused. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Outcome.Done.class, name = "done"),
  @JsonSubTypes.Type(value = Outcome.Refused.class, name = "refused")
})
public sealed interface Outcome<T> extends CborSerializable {

  /** The value's class is written with it, so that a reply crossing nodes reads back whole. */
  record Done<T>(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) T value) implements Outcome<T> {}

  record Refused<T>(Rejection rejection) implements Outcome<T> {}

  static <T> Outcome<T> done(T value) {
    return new Done<>(value);
  }

  static <T> Outcome<T> refused(ErrorCode code, String detail) {
    return new Refused<>(Rejection.of(code, detail));
  }

  static <T> Outcome<T> refused(Rejection rejection) {
    return new Refused<>(rejection);
  }

  default boolean isDone() {
    return this instanceof Done;
  }

  /** The value, or an {@link IllegalStateException} naming the rejection. */
  default T orThrow() {
    if (this instanceof Done<T> done) {
      return done.value();
    }
    throw new IllegalStateException("refused: " + ((Refused<T>) this).rejection());
  }
}
