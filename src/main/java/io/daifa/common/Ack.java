package io.daifa.common;

/** The value of a successful command that has nothing else to say. */
public enum Ack implements CborSerializable {
  INSTANCE
}
