package io.daifa.readside;

/**
 * An event as the read side projects it, whichever way it came: from a tag, or from the shop that
 * wrote it ({@link ReadSideWriter}). {@code timestampMillis} is when it was written.
 */
public record JournalEvent(Object event, long sequenceNr, long timestampMillis) {}
