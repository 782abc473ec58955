package io.daifa.store;

/**
 * A serializer that can be handed back the bytes it made for an object, so that writing the same
 * object again costs no second encoding. The intake log encodes an event for its own row, then
 * hands the event to the journal plugin for the copy; without this the plugin encodes it again (a
 * tenth of the router's CPU under load went into encoding, half of it the copy's).
 */
public interface ReusableEncoding {

  /** Until taken or forgotten, serializing this very object ({@code ==}) answers {@code bytes}. */
  void remember(Object payload, byte[] bytes);

  /** Drops what {@link #remember} kept for {@code payload}, if it was not taken. */
  void forget(Object payload);
}
